package org.convlens.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The packaged jar, exactly as shipped, started on a free port with its own data directory.
 */
final class RunningApp implements AutoCloseable {

    private final Process process;
    private final Path log;
    final String baseUrl;
    final Path dataDirectory;

    private RunningApp(Process process, Path log, String baseUrl, Path dataDirectory) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.dataDirectory = dataDirectory;
    }

    /** @param options extra command-line options, e.g. {@code --convlens.auth=team} */
    static RunningApp start(String... options) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("convlens.jar", "target/convlens.jar"));
        if (!Files.exists(jar)) throw new IllegalStateException("build the jar first: " + jar.toAbsolutePath());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createTempDirectory("convlens-e2e-data");
        Path log = Files.createTempFile("convlens-e2e", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-jar", jar.toString(), "--server.port=" + port, "--convlens.data-dir=" + data));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RunningApp app = new RunningApp(process, log, "http://localhost:" + port, data);
        app.awaitReady(Duration.ofSeconds(180));
        return app;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("ConvLens exited during start-up:\n" + Files.readString(log));
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/").toURL().openConnection();
                connection.setConnectTimeout(1000);
                if (connection.getResponseCode() == 200 && Files.readString(log).contains("built-in model ready")) return;
            } catch (IOException notYet) {
                // keep waiting
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("ConvLens did not start within " + timeout + ":\n" + Files.readString(log));
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
