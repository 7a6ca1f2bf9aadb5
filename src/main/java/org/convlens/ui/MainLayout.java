package org.convlens.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.theme.lumo.LumoUtility;

/** The frame around every view: title and navigation. */
public class MainLayout extends AppLayout {

    public MainLayout() {
        Span title = new Span("ConvLens");
        title.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD);
        Span tagline = new Span("what did the ConvNet learn?");
        tagline.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        addToNavbar(new DrawerToggle(), title, tagline);
        tagline.getStyle().set("margin-left", "var(--lumo-space-m)");

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Analyze", "", VaadinIcon.PICTURE.create()));
        nav.addItem(new SideNavItem("Filters", "filters", VaadinIcon.GRID_SMALL.create()));
        nav.addItem(new SideNavItem("Models", "models", VaadinIcon.CLUSTER.create()));
        nav.addItem(new SideNavItem("Datasets", "datasets", VaadinIcon.PACKAGE.create()));
        nav.addItem(new SideNavItem("History", "history", VaadinIcon.TIME_BACKWARD.create()));
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
