/**
 * Product storage on jOOQ: the unit of work, the product repository (one round trip per load, partial loading
 * of allocated lines), product turns and row locks. It uses the statement runner of
 * {@code jooq.sql} and the message tables of {@code jooq.messages}.
 */
package com.made.allocation.adapters.jooq;
