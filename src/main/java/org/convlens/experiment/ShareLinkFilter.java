package org.convlens.experiment;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Answers a page request for {@code /s/{token}} with a plain 404 when the token is unknown or revoked, before sign-in
 * or the UI get involved, so that guessing tokens tells nothing; live tokens go on to the shared view.
 */
public class ShareLinkFilter extends OncePerRequestFilter {

    private final ShareStore shares;

    public ShareLinkFilter(ShareStore shares) {
        this.shares = shares;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String token = path.startsWith("/s/") ? path.substring(3) : "";
        if (shares.experimentOf(token).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!doctype html><title>Not found</title><h2 id=\"not-found\">Not found</h2><p>There is nothing at this address.</p>");
    }
}
