package org.convlens.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import jakarta.annotation.security.PermitAll;
import org.springframework.beans.factory.ObjectProvider;

/** The frame around every view: title, navigation and, in team mode, who is signed in. */
@PermitAll
public class MainLayout extends AppLayout {

    public MainLayout(ObjectProvider<AuthenticationContext> authentication) {
        Span title = new Span("ConvLens");
        title.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD);
        Span tagline = new Span("what did the ConvNet learn?");
        tagline.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        tagline.getStyle().set("margin-left", "var(--lumo-space-m)");
        HorizontalLayout user = new HorizontalLayout();
        user.getStyle().set("margin-left", "auto").set("margin-right", "var(--lumo-space-m)");
        user.setAlignItems(HorizontalLayout.Alignment.CENTER);
        addToNavbar(new DrawerToggle(), title, tagline, user);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Analyze", "", VaadinIcon.PICTURE.create()));
        nav.addItem(new SideNavItem("Filters", "filters", VaadinIcon.GRID_SMALL.create()));
        nav.addItem(new SideNavItem("Models", "models", VaadinIcon.CLUSTER.create()));
        nav.addItem(new SideNavItem("Datasets", "datasets", VaadinIcon.PACKAGE.create()));
        nav.addItem(new SideNavItem("History", "history", VaadinIcon.TIME_BACKWARD.create()));
        nav.addItem(new SideNavItem("Lessons", "lessons", VaadinIcon.ACADEMY_CAP.create()));
        nav.addItem(new SideNavItem("Live occluder", "live", VaadinIcon.HAND.create()));
        AuthenticationContext context = authentication.getIfAvailable();
        if (context != null && context.isAuthenticated()) {
            Span name = new Span(context.getPrincipalName().orElse(""));
            name.setId("signed-in-user");
            Button signOut = new Button("Sign out", click -> context.logout());
            signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            signOut.setId("sign-out");
            user.add(name, signOut);
            if (context.hasRole("ADMIN")) nav.addItem(new SideNavItem("Users", "users", VaadinIcon.USERS.create()));
        }
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
