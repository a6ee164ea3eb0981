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
    runtimeBatchSize: new Histogram({
      name: 'runtime_batch_size',
      help: 'Requests per inference batch, by model',
      labelNames: ['model'] as const,
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers,
    }),
    runtimeInference: new Histogram({
      name: 'runtime_inference_seconds',
      help: 'Time inside the model per batch, by model',
      labelNames: ['model'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    runtimeLoads: new Counter({
      name: 'runtime_model_loads_total',
      help: 'Model loads into a worker, by model',
      labelNames: ['model'] as const,
      registers,
    }),
    runtimeUnloads: new Counter({
      name: 'runtime_model_unloads_total',
      help: 'Model unloads (idle or memory budget), by model',
      labelNames: ['model'] as const,
      registers,
    }),
    dependencyUnavailable: new Counter({
      name: 'dependency_unavailable_total',
      help: 'Requests answered "try again later" because a dependency (database, queue) could not be reached',
      labelNames: ['dependency'] as const,
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
    /** Series with several labels read at scrape time, e.g. one per platform and connection state. */
    labelledSeriesFrom(
      name: string,
      help: string,
      labels: readonly string[],
      read: () => { labels: Record<string, string>; value: number }[],
    ): void {
      new Gauge({
        name,
        help,
        labelNames: labels,
        registers,
        collect() {
          this.reset();
          for (const series of read()) this.set(series.labels, series.value);
        },
      });
    },
    /** The same with one label, e.g. a queue depth per model. */
    labelledGaugeFrom(name: string, help: string, label: string, read: () => Map<string, number>): void {
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers,
        collect() {
          this.reset();
          for (const [value, n] of read()) this.set({ [label]: value }, n);
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
