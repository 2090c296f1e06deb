import type { Hyperparameters } from './fit';

/**
 * The shipped choices, picked on an inner fold (fit 2014–2021, score 2022) so the 2023–2024
 * validation stays a fair test. See docs/MODEL.md for the comparison.
 */
export const HYPERPARAMETERS: Hyperparameters = {
  groups: ['bias', 'routeDirection', 'hour', 'weekday', 'month'],
  halfLifeDays: 365,
  l2: 1e-4,
  epochs: 300,
  learningRate: 0.05,
};
