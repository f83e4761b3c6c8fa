/**
 * The HTTP API of the allocation service (Javalin): each request is validated at the edge, turned into a
 * command for the {@link com.made.allocation.service.messagebus.MessageBus}, and its answer turned into JSON.
 * {@link com.made.allocation.entrypoints.AllocationApi} builds the app. This package and its subpackages know
 * the service layer's ports, never an adapter.
 */
package com.made.allocation.entrypoints;
