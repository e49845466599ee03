import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

/** Where a response's route label comes from when the handler is not a Nest route (e.g. the queue board). */
export const ROUTE_LABEL = 'metricsRoute';

/**
 * Request durations by route pattern (`/api/v1/cases/:id`, never the concrete URL: ids would make a series per
 * case). Requests no route matched share one label, so scanners cannot inflate the series.
 */
export function httpMetricsMiddleware(registry: Registry) {
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const end = durations.startTimer();
    // Nest mounts this middleware as a catch-all route of its own: only a route set after it names the request.
    const own = req.route as unknown;
    res.once('finish', () => {
      const current = req.route as { path?: unknown } | undefined;
      const matched = current && current !== own ? `${req.baseUrl ?? ''}${String(current.path)}` : 'unmatched';
      const route = (res.locals[ROUTE_LABEL] as string | undefined) ?? matched;
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
