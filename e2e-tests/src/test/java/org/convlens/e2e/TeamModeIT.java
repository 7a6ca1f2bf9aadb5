package org.convlens.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Team mode: sign-in for views, 401 for the API, share links still open without an account; admins add users. */
class TeamModeIT extends BrowserTestBase {

    private static final String ADMIN_PASSWORD = "team-secret-1";

    @BeforeAll
    static void startAppAndBrowser() throws Exception {
        start("--convlens.auth=team", "--convlens.admin-password=" + ADMIN_PASSWORD);
    }

    private void signIn(Page on, String user, String password) {
        on.navigate(app.baseUrl + "/login");
        on.locator("#login-form input[name=username]").fill(user);
        on.locator("#login-form input[name=password]").fill(password);
        on.locator("#login-form vaadin-button[slot=submit]").click();
        on.waitForSelector("#signed-in-user");
    }

    @Test
    void anonymousVisitorsAreSentToSignInAndTheApiAnswers401() {
        page.navigate(app.baseUrl + "/experiment/abcdefghijkm");
        page.waitForURL("**/login");
        page.waitForSelector("#login-form");
        screenshot("team-sign-in");
        var api = page.request().get(app.baseUrl + "/api/models");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.text()).contains("\"status\":401");
        page.navigate(app.baseUrl + "/history");
        page.waitForURL("**/login");
        assertThat(app.dataDirectory).isNotNull();
    }

    @Test
    void membersSignInAndShareWithPeopleWithoutAnAccount() {
        signIn(page, "admin", ADMIN_PASSWORD);
        PlaywrightAssertions.assertThat(page.locator("#signed-in-user")).hasText("admin");
        page.locator("#run").click();
        page.waitForSelector("#permalink");
        String permalink = page.locator("#permalink").getAttribute("href");
        page.navigate(app.baseUrl + "/" + permalink);
        assertThat(page.locator("#experiment-meta").textContent()).contains("by admin");
        page.locator("#share").click();
        page.waitForSelector("#share-links .share-link");
        String link = page.locator("#share-links .share-link").first().getAttribute("href");
        assertThat(page.request().get(app.baseUrl + "/api/models").status()).as("the session also signs API calls").isEqualTo(200);

        try (BrowserContext stranger = browser.newContext()) {
            Page other = stranger.newPage();
            other.navigate(app.baseUrl + link);
            other.waitForSelector("#shared-result");
            other.navigate(app.baseUrl + "/" + permalink);
            other.waitForURL("**/login");
        }

        page.navigate(app.baseUrl + "/users");
        page.locator("#new-user input").fill("alice");
        page.locator("#new-password input").fill("alice-password");
        page.locator("#add-user").click();
        page.waitForSelector("#users-message:has-text('Added alice')");
        try (BrowserContext alice = browser.newContext()) {
            Page hers = alice.newPage();
            signIn(hers, "alice", "alice-password");
            hers.navigate(app.baseUrl + "/history");
            hers.waitForSelector("#history-total:has-text('1 experiment')");
            hers.navigate(app.baseUrl + "/users");
            assertThat(hers.locator("#users").count()).as("members are not admins").isZero();
        }
    }
}
