package org.convlens.team;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import javax.sql.DataSource;

/**
 * Who may use the instance. Open mode (default): no sign-in, whoever reaches the server is the team. Team mode
 * ({@code --convlens.auth=team}): form sign-in for the views (anonymous visitors are sent to /login), HTTP Basic or the
 * session for the API (anonymous requests get 401); only share links /s/{token} open without signing in.
 */
public final class AccessModes {

    public static final String PROPERTY = "convlens.auth";

    private AccessModes() {
    }

    @Configuration
    @EnableWebSecurity
    @ConditionalOnProperty(name = PROPERTY, havingValue = "open", matchIfMissing = true)
    public static class Open {

        @Bean
        SecurityFilterChain openAccess(HttpSecurity http) throws Exception {
            // No accounts exist, so there is no session to protect: Vaadin guards its own requests against CSRF.
            return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).csrf(csrf -> csrf.disable()).build();
        }
    }

    @Configuration
    @EnableWebSecurity
    @ConditionalOnProperty(name = PROPERTY, havingValue = "team")
    @Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
    public static class Team {

        @Bean
        PasswordEncoder passwordEncoder() {
            return new BCryptPasswordEncoder();
        }

        @Bean
        UserStore userStore(DataSource dataSource, PasswordEncoder encoder) {
            return new UserStore(dataSource, encoder);
        }

        @Bean
        ApplicationRunner createAdmin(UserStore users, @Value("${convlens.admin-password:}") String password) {
            return args -> users.ensureAdmin(password);
        }

        /** The API: HTTP Basic (or the browser's session), 401 as JSON for anonymous requests. */
        @Bean
        @Order(1)
        SecurityFilterChain apiAccess(HttpSecurity http) throws Exception {
            return http.securityMatcher("/api/**", "/v3/api-docs/**")
                    .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                        response.setStatus(HttpStatus.UNAUTHORIZED.value());
                        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                        response.getWriter().write("{\"status\":401,\"error\":\"sign in: HTTP Basic with a ConvLens user\"}");
                    }))
                    .csrf(csrf -> csrf.disable())
                    .build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain viewAccess(HttpSecurity http) throws Exception {
            return http.with(VaadinSecurityConfigurer.vaadin(), configurer -> configurer.loginView(LoginView.class)).build();
        }
    }
}
