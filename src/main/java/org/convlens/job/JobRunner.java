package org.convlens.job;

import org.convlens.base.Progress;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs long computations off the request threads, a fixed number at a time, so that pages stay
 * responsive and the CPU is not oversubscribed (DL4J already uses every core inside one run).
 */
public class JobRunner implements AutoCloseable {

    private final ExecutorService executor;
    private final java.util.Map<String, Job<?>> byKey = new java.util.concurrent.ConcurrentHashMap<>();

    public JobRunner(int workers) {
        AtomicInteger count = new AtomicInteger();
        executor = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "convlens-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public <T> Job<T> submit(String title, Function<Progress, T> work) {
        Job<T> job = new Job<>(title);
        executor.execute(() -> {
            if (job.cancelled()) return;
            job.started();
            try {
                job.finish(Job.State.DONE, work.apply(job), null);
            } catch (Progress.CancelledException e) {
                job.finish(Job.State.CANCELLED, null, e);
            } catch (RuntimeException | Error e) {
                job.finish(Job.State.FAILED, null, e);
            }
        });
        return job;
    }

    /** A job that can be found by {@code key} (an experiment id) until it ends. */
    public <T> Job<T> submit(String key, String title, Function<Progress, T> work) {
        Job<T> job = submit(title, work);
        byKey.put(key, job);
        job.result().whenComplete((result, failure) -> byKey.remove(key, job));
        return job;
    }

    public java.util.Optional<Job<?>> find(String key) {
        return java.util.Optional.ofNullable(byKey.get(key));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
