/**
 * The OpenAPI 3.1 document served at /api/openapi.json and drawn as the /api page. Its examples
 * are trips to come (tomorrow at 8:00 from `now`), so they never show a date that has passed.
 */
import { parseTripTime, toTorontoIso } from '../pipeline/toronto-time';
import { MAX_BATCH } from './api';
import { exampleTime } from './trip-params';

/** The document for a given clock (examples from `now`). */
export function openApiDocument(now: Date = new Date()) {
  const example = exampleTime(now);
  const parsed = parseTripTime(example);
  const withOffset = parsed.ok ? toTorontoIso(parsed.instant) : `${example}:00-05:00`;

  const trip = {
    type: 'object',
    required: ['route', 'direction', 'time'],
    properties: {
      route: {
        oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d{1,4}$' }],
        description: 'An active streetcar route number (see /api/routes).',
        examples: [504],
      },
      direction: { type: 'string', enum: ['e', 'w', 'n', 's'], description: 'One of the directions the route runs.' },
      time: {
        type: 'string',
        description:
          `ISO 8601. Without an offset it is Toronto wall-clock time (${example}); with one it is that instant. Times that do not exist in Toronto (the hour skipped in spring) are refused.`,
        examples: [example, withOffset],
      },
    },
  } as const;

  const prediction = {
    type: 'object',
    required: ['route', 'routeName', 'direction', 'time', 'probability', 'delayed', 'usualProbability'],
    properties: {
      route: { type: 'integer' },
      routeName: { type: 'string' },
      direction: { type: 'string', enum: ['e', 'w', 'n', 's'] },
      time: { type: 'string', description: 'The trip time, ISO 8601 with the Toronto offset.' },
      probability: { type: 'number', minimum: 0, maximum: 1, description: 'Chance of at least one reported delay in that route, direction and clock hour.' },
      delayed: {
        type: 'boolean',
        description:
          "probability is at or above the model's threshold: the cut with the best F1 on the validation years: one for calendar-only predictions and, for a model that reads recent incidents, its own for predictions that read them (they carry recentIncidents). 0.102 for model v1; /api shows the running model's. At that cut most flagged hours still saw no reported delay, so it is a flag for riskier hours, not a forecast that a delay will happen: read probability.",
      },
      usualProbability: { type: 'number', minimum: 0, maximum: 1, description: "The route and direction's average over a whole week." },
      recentIncidents: {
        type: 'object',
        description:
          "Present only when the prediction read recent incidents on the route before the trip's clock hour — here, the TTC's live alerts for the route, for a trip from now to a few hours ahead: the incidents counted per window, going the trip's way (same) and other ways (other; an alert has no direction, so it counts in both). A window the source does not know is left out. Absent: the calendar-only prediction.",
        properties: Object.fromEntries(
          ['lastHour', 'last3Hours', 'earlierToday', 'dayBefore'].map((window) => [
            window,
            { type: 'object', required: ['same', 'other'], properties: { same: { type: 'integer', minimum: 0 }, other: { type: 'integer', minimum: 0 } } },
          ]),
        ),
      },
      // live alerts (src/live)
      alerts: {
        type: 'array',
        description: "The TTC's live service alerts for this route active at the trip's time (GTFS-realtime); absent when there are none or live alerts are off.",
        items: {
          type: 'object',
          required: ['id', 'header', 'effect'],
          properties: {
            id: { type: 'string', description: "The feed entity's id." },
            header: { type: 'string', description: 'The header text (English when the feed has it).' },
            effect: { type: 'string', description: 'The effect in plain words.', examples: ['Detour', 'Reduced service', 'No service'] },
            until: { type: 'string', description: 'When the active period covering the trip ends, ISO 8601 with the Toronto offset; absent when the feed gives no end.' },
          },
        },
      },
    },
  } as const;

  const error = {
    type: 'object',
    required: ['field', 'problem'],
    properties: {
      field: { type: 'string', description: 'route, direction, time, body, trips or trips[i].field', examples: ['time', 'trips[3].direction'] },
      problem: { type: 'string', description: 'What is wrong, for people.' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/Problem' }, description: 'Every problem, when there is more than one.' },
    },
  } as const;

  const badRequest = { description: 'Bad input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Streetcar delay bot API',
      version: '1.0.0',
      description:
        'Chance that a Toronto streetcar trip meets a reported delay, from the model behind the bot. The same Prediction shape is the bot card\'s value and the scorer\'s rows.',
    },
    paths: {
      '/api/routes': {
        get: {
          summary: 'The active streetcar routes, their names and valid directions',
          responses: {
            '200': {
              description: 'Routes',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      routes: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            route: { type: 'integer' },
                            name: { type: 'string' },
                            directions: { type: 'array', items: { type: 'string', enum: ['e', 'w', 'n', 's'] } },
                            directionNames: { type: 'array', items: { type: 'string' } },
                            branches: { type: 'array', items: { type: 'string' } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/api/predict': {
        get: {
          summary: 'Predict one trip',
          parameters: [
            { name: 'route', in: 'query', required: true, schema: { type: 'string' }, example: '504' },
            { name: 'direction', in: 'query', required: true, schema: { type: 'string', enum: ['e', 'w', 'n', 's'] }, example: 'e' },
            { name: 'time', in: 'query', required: true, schema: { type: 'string' }, example },
          ],
          responses: {
            '200': { description: 'The prediction', content: { 'application/json': { schema: { $ref: '#/components/schemas/Prediction' } } } },
            '400': badRequest,
          },
        },
        post: {
          summary: `Predict one trip, or up to ${MAX_BATCH} at once`,
          description: `A batch with any bad trip is refused as a whole; each bad field is named trips[i].field.`,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/Trip' },
                    { type: 'array', items: { $ref: '#/components/schemas/Trip' }, minItems: 1, maxItems: MAX_BATCH },
                    {
                      type: 'object',
                      required: ['trips'],
                      properties: { trips: { type: 'array', items: { $ref: '#/components/schemas/Trip' }, minItems: 1, maxItems: MAX_BATCH } },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'One prediction for one trip; { predictions } in request order for a list',
              content: {
                'application/json': {
                  schema: {
                    oneOf: [
                      { $ref: '#/components/schemas/Prediction' },
                      { type: 'object', properties: { predictions: { type: 'array', items: { $ref: '#/components/schemas/Prediction' } } } },
                    ],
                  },
                },
              },
            },
            '400': badRequest,
            '413': { ...badRequest, description: 'Body too large' },
            '415': { ...badRequest, description: 'Not JSON' },
          },
        },
      },
      '/chart/risk.svg': {
        get: {
          summary: 'Hourly delay-risk chart for the day of a trip (SVG); /chart/risk.png gives PNG',
          parameters: [
            { name: 'route', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'direction', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'time', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'layout', in: 'query', required: false, schema: { type: 'string', enum: ['wide', 'narrow'] }, description: 'wide (default, 640 units across) or narrow (360 units, larger type: phones and chat cards).' },
          ],
          responses: { '200': { description: 'The chart', content: { 'image/svg+xml': {} } }, '400': badRequest },
        },
      },
    },
    components: {
      schemas: {
        Trip: trip,
        Prediction: prediction,
        Error: error,
        Problem: { type: 'object', required: ['field', 'problem'], properties: { field: { type: 'string' }, problem: { type: 'string' } } },
      },
    },
  } as const;
}

/** The document's structure (its examples are from the moment the module loaded). */
export const OPENAPI_DOCUMENT = openApiDocument();

