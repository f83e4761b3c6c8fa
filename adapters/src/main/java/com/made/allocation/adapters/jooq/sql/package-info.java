/**
 * The database and the statement runner: the connection pool and migrations, statements rendered once and
 * bound by name, several statements sent in one round trip, and SQL errors translated into the service's
 * failures. It knows nothing of products or messages.
 */
package com.made.allocation.adapters.jooq.sql;
