import type { Hyperparameters } from './fit';

/**
 * The shipped choices. Compared on an inner fold (fit 2014–2021, score 2022) and on the
 * 2023–2024 fold (docs/MODEL.md): a recency half-life of 180–730 days moved ROC AUC by under
 * 0.004, and route×hour, hour×day-type and route×day-type interactions by under 0.002 while
 * adding up to 1,000 parameters, so the plain additive model with a one-year half-life ships.
 */
export const HYPERPARAMETERS: Hyperparameters = {
  groups: ['bias', 'routeDirection', 'hour', 'weekday', 'month'],
  halfLifeDays: 365,
  l2: 1e-4,
  epochs: 400,
  learningRate: 0.08,
};
