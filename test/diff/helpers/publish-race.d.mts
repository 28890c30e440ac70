/** Runs `workers` threads publishing `rounds` folders under `base` with `mod`'s publish; resolves to the reads that found nothing. */
export function race(mod: string, base: string, workers: number, rounds: number): Promise<number>;
