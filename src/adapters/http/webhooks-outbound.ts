import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Caller } from '../../skills/skill.js';
import { allowHostSet, refusedTarget } from '../../webhooks/outbound-target.js';
import type { DbWebhookOutbox, OutboundEndpoint } from '../../webhooks/outbox.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';
import { serve } from './openapi.js';
import {
  deliveryLogRoute,
  listEndpointsRoute,
  type outboundDeliveryLog,
  type outboundEndpointList,
  type outboundEndpointView,
  outboundSubscriptionBody,
  type outboundSubscriptionCreated,
  redeliverRoute,
  subscribeRoute,
  unsubscribeRoute,
} from './webhooks-outbound-routes.js';

export interface OutboundWebhookOptions {
  /** WEBHOOK_ALLOW_HOSTS: private hosts endpoints may point at. */
  allowHosts: readonly string[];
}

export interface OutboundWebhookDeps extends OutboundWebhookOptions {
  outbox: DbWebhookOutbox;
}

const NO_ENDPOINT = 'no such outbound webhook endpoint';

/**
 * /v1/webhooks/outbound: endpoints that receive this tenant's events, their delivery log, and redelivery. A tenant
 * only ever sees its own endpoints.
 */
export function mountOutboundWebhooks(
  api: OpenAPIHono<ApiEnv>,
  outbox: DbWebhookOutbox,
  options: OutboundWebhookOptions,
): void {
  const allowHosts = allowHostSet(options.allowHosts);
  const tenant = (c: { get(key: 'caller'): Caller }) => c.get('caller').tenantId;

  serve(api, subscribeRoute, async (c) => {
    const parsed = outboundSubscriptionBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return errorResponse(c, { code: 'bad_request', message: z.prettifyError(parsed.error) });
    const { url, events } = parsed.data;
    const refused = await refusedTarget(url, allowHosts);
    if (refused) return errorResponse(c, { code: 'bad_request', message: `url refused: ${refused}` });
    const { secret, ...endpoint } = await outbox.subscribe(tenant(c), url, events);
    const created: z.input<typeof outboundSubscriptionCreated> = { ...view(endpoint), secret };
    return c.json(created, 201);
  });

  serve(api, listEndpointsRoute, async (c) => {
    const list: z.input<typeof outboundEndpointList> = { endpoints: (await outbox.list(tenant(c))).map(view) };
    return c.json(list);
  });

  serve(api, unsubscribeRoute, async (c) =>
    (await outbox.remove(tenant(c), c.req.param('id')))
      ? c.body(null, 204)
      : errorResponse(c, { code: 'not_found', message: NO_ENDPOINT }),
  );

  serve(api, deliveryLogRoute, async (c) => {
    const deliveries = await outbox.deliveries(tenant(c), c.req.param('id'));
    if (!deliveries) return errorResponse(c, { code: 'not_found', message: NO_ENDPOINT });
    const log: z.input<typeof outboundDeliveryLog> = {
      deliveries: deliveries.map((d) => ({
        ...d,
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        log: d.log.map((a) => ({ ...a, at: a.at.toISOString() })),
      })),
    };
    return c.json(log);
  });

  serve(api, redeliverRoute, async (c) => {
    const messageId = c.req.param('messageId');
    const result = await outbox.redeliver(tenant(c), c.req.param('id'), messageId);
    if (result === 'not_found') return errorResponse(c, { code: 'not_found', message: 'no such endpoint or message' });
    if (result === 'disabled') {
      return errorResponse(c, { code: 'bad_request', message: 'the endpoint is disabled: nothing is sent to it' });
    }
    return c.json({ id: messageId, status: 'pending' }, 202);
  });
}

function view(endpoint: OutboundEndpoint): z.input<typeof outboundEndpointView> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    disabled: endpoint.disabledAt !== null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
  };
}
