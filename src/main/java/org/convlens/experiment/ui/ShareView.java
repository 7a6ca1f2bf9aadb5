package org.convlens.experiment.ui;

import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.convlens.analysis.ui.ResultPanel;
import org.convlens.analysis.ui.ShownResults;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.ShareStore;

/** A shared result, read-only and without navigation: whoever has the link sees it, nothing else of the instance. */
@Route("s/:token")
@PageTitle("Shared result · ConvLens")
@AnonymousAllowed
public class ShareView extends VerticalLayout implements BeforeEnterObserver {

    private final ShareStore shares;
    private final ExperimentStore store;
    private final ShownResults results;

    public ShareView(ShareStore shares, ExperimentStore store, ShownResults results) {
        this.shares = shares;
        this.store = store;
        this.results = results;
        setPadding(true);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String token = event.getRouteParameters().get("token").orElse("");
        Experiment experiment = shares.experimentOf(token).flatMap(store::find).orElse(null);
        if (experiment == null || experiment.status() == Experiment.Status.RUNNING || experiment.status() == Experiment.Status.FAILED) {
            event.rerouteToError(NotFoundException.class);
            return;
        }
        H2 title = new H2(experiment.displayTitle());
        title.setId("shared-title");
        add(title, new Paragraph(results.title(experiment) + " · model " + experiment.modelName() + " · "
                + ShownResults.TIME.format(experiment.createdAt()) + " · shared read-only by ConvLens"));
        if (experiment.notes() != null) add(new Paragraph(experiment.notes()));
        ResultPanel panel = new ResultPanel(results.shown(experiment));
        panel.setId("shared-result");
        add(panel);
    }
}
