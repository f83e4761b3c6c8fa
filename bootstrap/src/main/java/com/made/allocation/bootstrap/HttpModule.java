package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.entrypoints.AdminToken;
import java.util.Optional;

/** What the HTTP API needs beyond the ports: the operators' token. */
final class HttpModule extends AbstractModule {

    private final Optional<String> adminToken;

    HttpModule(Optional<String> adminToken) {
        this.adminToken = adminToken;
    }

    @Provides
    @Singleton
    Optional<AdminToken> adminToken() {
        return adminToken.map(AdminToken::of);
    }
}
