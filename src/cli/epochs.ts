/** `--epochs N` of npm run train and npm run refresh: a whole number from 1 to 100000, or absent (the recipe's). */
export function parseEpochs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000) throw new Error(`--epochs must be a whole number from 1 to 100000; got ${JSON.stringify(value)}`);
  return Number(value);
}
