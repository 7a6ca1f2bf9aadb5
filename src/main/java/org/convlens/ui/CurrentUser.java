package org.convlens.ui;

import com.vaadin.flow.server.VaadinRequest;

import java.security.Principal;

/** Who is signed in, as the servlet request tells it: a name in team mode, null in open mode. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static String name() {
        VaadinRequest request = VaadinRequest.getCurrent();
        Principal principal = request == null ? null : request.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }
}
