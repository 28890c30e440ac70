// The Java interpreter with Storm's API as its library: what the Java front end runs over method bodies
// to follow the TopologyBuilder through locals, fields, helper methods and constants.
import { Interpreter } from './interpret.js';
import type { Program } from './program.js';
import { StormApi, toJson, type StormFrame } from './storm-api.js';
import type { Diagnostic } from '../../model/topology.js';
import type { TopoRec, Value } from './values.js';

export class Evaluator extends Interpreter<StormFrame> {
  private readonly storm: StormApi;

  constructor(prog: Program) {
    const storm = new StormApi();
    super(prog, storm);
    storm.bind(this);
    this.storm = storm;
  }

  /** Every topology builder the evaluation has created, in creation order. */
  get topologies(): TopoRec[] {
    return this.storm.topologies;
  }

  /** Diagnostics raised during the current root evaluation that belong to no builder yet. */
  get pending(): Diagnostic[] {
    return this.storm.pending;
  }
  set pending(d: Diagnostic[]) {
    this.storm.pending = d;
  }

  /** Set while a class's entry methods are re-run: a statement that re-adds the same component is not a duplicate. */
  get dedupe(): boolean {
    return this.storm.dedupe;
  }
  set dedupe(on: boolean) {
    this.storm.dedupe = on;
  }

  /** A fresh JVM for the next root: no static state. */
  override resetRoot(): void {
    super.resetRoot();
    this.storm.resetRoot();
  }

  toJson(v: Value): unknown {
    return toJson(v);
  }
}
