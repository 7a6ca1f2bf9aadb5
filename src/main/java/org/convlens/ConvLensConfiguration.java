package org.convlens;

import com.zaxxer.hikari.HikariDataSource;
import org.convlens.analysis.AnalysisService;
import org.convlens.analysis.TechniqueRegistry;
import org.convlens.analysis.ui.ShownResults;
import org.convlens.base.DataDirectory;
import org.convlens.dataset.DatasetArchive;
import org.convlens.dataset.DatasetStore;
import org.convlens.experiment.ExperimentArchive;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.LessonStore;
import org.convlens.experiment.ShareLinkFilter;
import org.convlens.experiment.ShareStore;
import org.convlens.job.JobRunner;
import org.convlens.model.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Wires the services; the command line builds the same classes by hand, without Spring. */
@Configuration
public class ConvLensConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConvLensConfiguration.class);

    @Bean
    DataDirectory dataDirectory(@Value("${convlens.data-dir:" + DataDirectory.DEFAULT + "}") String path) {
        DataDirectory directory = DataDirectory.of(path);
        log.info("data directory {}", directory.root());
        return directory;
    }

    @Bean
    DataSource dataSource(DataDirectory dataDirectory) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(dataDirectory.jdbcUrl());
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }

    @Bean
    ModelRegistry modelRegistry(DataDirectory dataDirectory, DataSource dataSource) {
        return new ModelRegistry(dataDirectory, dataSource);
    }

    @Bean
    ExperimentStore experimentStore(DataSource dataSource) {
        return new ExperimentStore(dataSource);
    }

    @Bean
    DatasetStore datasetStore(DataDirectory dataDirectory, DataSource dataSource) {
        return new DatasetStore(dataDirectory, dataSource, DatasetArchive.Limits.DEFAULT);
    }

    @Bean
    ShareStore shareStore(DataSource dataSource) {
        return new ShareStore(dataSource);
    }

    /** Before Spring Security, so that a made-up or revoked share link is a 404 for everyone. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<ShareLinkFilter> shareLinkFilter(ShareStore shares) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new ShareLinkFilter(shares));
        registration.addUrlPatterns("/s/*");
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    LessonStore lessonStore(DataSource dataSource) {
        return new LessonStore(dataSource);
    }

    @Bean
    ExperimentArchive experimentArchive(ExperimentStore store) {
        return new ExperimentArchive(store);
    }

    @Bean
    ShownResults shownResults(ExperimentStore store, TechniqueRegistry techniques) {
        return new ShownResults(store, techniques);
    }

    @Bean
    TechniqueRegistry techniqueRegistry() {
        return Techniques.all();
    }

    @Bean
    AnalysisService analysisService(TechniqueRegistry techniques, ExperimentStore store, DatasetStore datasets) {
        return new AnalysisService(techniques, store, datasets);
    }

    @Bean(destroyMethod = "close")
    JobRunner jobRunner(@Value("${convlens.workers:1}") int workers) {
        return new JobRunner(workers);
    }

    /** After Flyway: the built-in models are registered, runs cut short by a stop are marked failed, half-unpacked uploads removed. */
    @Bean
    ApplicationRunner startUp(ModelRegistry models, ExperimentStore store, DatasetStore datasets) {
        return args -> {
            datasets.removeIncomplete();
            int interrupted = store.failInterrupted();
            if (interrupted > 0) log.info("marked {} interrupted experiment(s) as failed", interrupted);
            models.ensureBuiltIn().forEach(model -> log.info("built-in model ready: {} ({})", model.name(), model.profile().describe()));
        };
    }
}
