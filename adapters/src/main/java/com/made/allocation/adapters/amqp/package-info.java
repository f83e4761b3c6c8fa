/**
 * RabbitMQ: the connection, the publisher of stored events (persistent, mandatory, confirmed) and the
 * consumer's topology for commands.
 */
package com.made.allocation.adapters.amqp;
