package org.convlens;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;
import org.convlens.cli.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * ConvLens: the web app, or with a command ({@code analyze}, {@code inspect}, {@code train-default}) the
 * command-line tool, which starts no server.
 */
@SpringBootApplication
@Push
@Theme("convlens")
public class ConvLensApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        if (CommandLine.handles(args)) {
            System.exit(CommandLine.run(args, System.out, System.err));
        }
        SpringApplication.run(ConvLensApplication.class, args);
    }
}
