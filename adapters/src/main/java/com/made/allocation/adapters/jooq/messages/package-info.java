/**
 * The stored messages on jOOQ: outbox deliveries, inbox ids and publications, in one table shape
 * ({@link com.made.allocation.adapters.jooq.messages.MessageTable}), with the claims and leases that let
 * several instances share them. It knows nothing of products.
 */
package com.made.allocation.adapters.jooq.messages;
