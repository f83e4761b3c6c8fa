/**
 * The event relay: it publishes what this instance committed straight from memory, each event after the one
 * it follows, and claims from the table what is left to it (by a crash, an outage, another instance, a
 * retry); it ships both through the {@link com.made.allocation.service.publishing.EventPublisher} port and
 * deletes what the broker confirmed, off the path of any request. The bus never sees it: it hands the
 * publications over through {@link com.made.allocation.service.outbox.CommittedPublications}.
 */
package com.made.allocation.service.publishing;
