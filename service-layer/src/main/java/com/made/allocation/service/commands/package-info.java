/**
 * The commands: what a sender asks of the service, each a record, answered by exactly one handler.
 * A command names the product it is about by SKU ({@link com.made.allocation.service.commands.ProductCommand}) or
 * by one of its batches ({@link com.made.allocation.service.commands.BatchCommand}), so that the bus knows its lane.
 */
package com.made.allocation.service.commands;
