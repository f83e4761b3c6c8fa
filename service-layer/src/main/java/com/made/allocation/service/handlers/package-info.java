/**
 * The use cases: one handler per command, and the handlers that follow each event, each working on
 * products through the unit of work it is given. The registry says which handler answers what. Handlers see
 * only the unit-of-work ports, the commands, the failures and the domain.
 */
package com.made.allocation.service.handlers;
