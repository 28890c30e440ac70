import { describe, expect, test } from 'vitest';
import { runFailure, workerDied } from '../../src/diff/storm.js';
import { externalSystem, externalSystemNote } from '../../src/diff/external.js';

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

describe('a failure inside an external system client', () => {
  // The shape of storm-starter 1.2.2 TridentHBaseWindowingStoreTopology's log with no HBase to reach (trimmed).
  const hbase = [
    '00:51:41.934 [Thread-64-b-0-executor[6, 6]] ERROR o.a.s.u.Utils - Async loop died!',
    'java.lang.RuntimeException: java.lang.RuntimeException: java.io.IOException: java.lang.reflect.InvocationTargetException',
    '\tat org.apache.storm.utils.Utils$1.run(Utils.java:413)',
    'Caused by: java.lang.RuntimeException: java.io.IOException: java.lang.reflect.InvocationTargetException',
    '\tat org.apache.storm.hbase.trident.windowing.HBaseWindowsStore$1.initialValue(HBaseWindowsStore.java:66)',
    'Caused by: java.io.IOException: java.lang.reflect.InvocationTargetException',
    '\tat org.apache.hadoop.hbase.client.ConnectionFactory.createConnection(ConnectionFactory.java:222)',
    'Caused by: java.lang.reflect.InvocationTargetException',
    '\tat java.base/java.lang.reflect.Constructor.newInstance(Constructor.java:481)',
    'Caused by: java.lang.NullPointerException: Cannot invoke "org.apache.hadoop.hbase.client.AsyncRegistry.close()" because "this.registry" is null',
    '\tat org.apache.hadoop.hbase.client.ConnectionImplementation.close(ConnectionImplementation.java:1938)',
    '00:51:41.951 [Thread-64-b-0-executor[6, 6]] ERROR o.a.s.u.Utils - Halting process: Worker died',
  ];

  test("names the system from the client's frames, not from the message", () => {
    expect(externalSystem(hbase)).toEqual({ system: 'HBase', frame: 'org.apache.hadoop.hbase.client.ConnectionFactory.createConnection' });
    // The storm-hbase wrapper's own frames are not the client; a module-prefixed JDK frame is read without its module.
    expect(externalSystem(['\tat org.apache.storm.hbase.bolt.HBaseBolt.execute(HBaseBolt.java:1)'])).toBeUndefined();
    expect(externalSystem(['\tat java.sql/java.sql.DriverManager.getConnection(DriverManager.java:681)'])?.system).toBe('a JDBC database');
    expect(externalSystem(['\tat redis.clients.jedis.Connection.connect(Connection.java:1)'])?.system).toBe('Redis');
    // A message naming a client class is not a frame of it.
    expect(externalSystem(['java.lang.ClassNotFoundException: org.apache.hadoop.hbase.client.Get'])).toBeUndefined();
    expect(externalSystem(['\tat org.apache.storm.utils.Utils$1.run(Utils.java:413)'])).toBeUndefined();
  });

  test('a dead worker whose trace runs through one is said so, with its own code', () => {
    const failed = runFailure(hbase, 1);
    expect(failed.kind).toBe('verify-external-system');
    expect(failed.reason).toContain('NullPointerException');
    expect(failed.reason).toContain("inside HBase's client (org.apache.hadoop.hbase.client.ConnectionFactory.createConnection)");
    expect(failed.reason).toContain('the topology needs HBase, which verify does not start');
    expect(failed.reason).toBe(`the topology did not run on Storm LocalCluster: ${workerDied(hbase, 1)}${externalSystemNote(externalSystem(hbase)!)}`);
    // HBase frames logged before the worker's error report (another thread's) do not make it an HBase failure.
    const other = [...hbase.slice(6, 7), ...hbase.slice(0, 3), ...hbase.slice(-1)];
    expect(runFailure(other, 1).kind).toBe('verify-storm-failed');
  });
});
