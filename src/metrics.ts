import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per server instance (tests run several in one process). Default metrics include event-loop
 * lag, heap and GC; the rest are ours.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    events: new Counter({
      name: 'bot_events_total',
      help: 'Platform events by platform, kind and outcome',
      labelNames: ['platform', 'kind', 'outcome'] as const,
      registers,
    }),
    skillRuns: new Counter({
      name: 'skill_runs_total',
      help: 'Skill runs by skill and status',
      labelNames: ['skill', 'status'] as const,
      registers,
    }),
    skillDuration: new Histogram({
      name: 'skill_run_duration_seconds',
      help: 'Skill run time',
      labelNames: ['skill'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    /** A gauge read at scrape time, for queue depths owned by other components. */
    gaugeFrom(name: string, help: string, read: () => number): void {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
