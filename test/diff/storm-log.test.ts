import { describe, expect, test } from 'vitest';
import { workerDied } from '../../src/diff/storm.js';

describe('a Storm runner that ended without a result', () => {
  test('names the root cause of a dead worker from its log', () => {
    const log = [
      '22:00:38.291 [Thread-78-split-executor[8, 8]] ERROR o.a.s.e.e.ReportError - Error',
      'java.lang.RuntimeException: java.lang.RuntimeException: org.apache.storm.multilang.NoOutputException: Pipe to subprocess seems to be broken!',
      '\tat org.apache.storm.utils.Utils$1.run(Utils.java:413)',
      'Caused by: java.lang.RuntimeException: org.apache.storm.multilang.NoOutputException: Pipe to subprocess seems to be broken!',
      'Caused by: java.lang.IllegalArgumentException: file name cannot be null',
      '22:00:38.302 ERROR o.a.s.u.Utils - Halting process: Worker died',
      // Another thread's exception after the worker's report is not the cause.
      'Exception in thread "storm2flink-capture" java.lang.NullPointerException: executorSummaries is null',
      'Caused by: java.lang.NullPointerException: executorSummaries is null',
    ];
    expect(workerDied(log, 1)).toBe('a spout or bolt failed and Storm stopped its worker: java.lang.IllegalArgumentException: file name cannot be null');
    // No report of a worker: an exception of some other thread is not named as the cause.
    expect(workerDied(['java.lang.NullPointerException: x'], 1)).toBe('the runner exited with 1 (a Storm worker stopped; see the log below)');
  });
});
