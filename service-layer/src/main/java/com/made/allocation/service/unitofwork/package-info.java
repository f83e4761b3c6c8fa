/**
 * The unit-of-work and repository ports: how handlers load and save products atomically, and what a
 * commit stores beside them (the deliveries and publications of the events the products recorded). Storage
 * adapters implement them; {@link com.made.allocation.service.unitofwork.AbstractUnitOfWork} holds the
 * bookkeeping every implementation shares.
 */
package com.made.allocation.service.unitofwork;
