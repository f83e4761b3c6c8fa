/**
 * The composition root: settings from the environment, the Guice modules that wire adapters to ports, and
 * the process's start and graceful stop.
 */
package com.made.allocation.bootstrap;
