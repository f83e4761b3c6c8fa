/**
 * The service's metrics with Micrometer, behind the ports of the bus ({@code BusMetrics}) and of the HTTP
 * API ({@code HttpMetrics}), scraped by Prometheus at {@code GET /metrics}.
 */
package com.made.allocation.bootstrap.metrics;
