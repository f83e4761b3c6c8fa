/**
 * The command consumer: commands from RabbitMQ, each handled once under its message id, acknowledged after
 * its commit, dead-lettered with its reason when it can never succeed, given back when the database is away.
 */
package com.made.allocation.entrypoints.broker;
