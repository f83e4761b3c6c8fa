/**
 * The schema migration written in Java (the others are SQL, in {@code db/migration}); the database
 * registers it with Flyway by instance.
 */
package com.made.allocation.adapters.jooq.migration;
