/**
 * The event relay: it claims the stored publications, ships them to the broker through the
 * {@link com.made.allocation.service.publishing.EventPublisher} port and deletes what the broker confirmed,
 * off the path of any request. The bus never sees it; a doorbell wakes it.
 */
package com.made.allocation.service.publishing;
