/**
 * simmer's trajectory verbs on top of the callback core: a trajectory is a plain list of steps
 * (seize, timeout, release, branch, run), and an entity walks it with a program counter. Steps
 * that complete at once run in a loop rather than by recursion, so long trajectories do not grow
 * the stack; a step that must wait (a queued seize, a timeout) hands the entity to the event list.
 */
import type { Distribution } from "./distributions.js";
import type { RandomStream } from "./random.js";
import type { Resource } from "./resource.js";
import { Priority, type Simulation } from "./simulation.js";

export class Entity {
  trajectory: Trajectory;
  step = 0;
  readonly id: number;
  readonly createdAt: number;
  /** Model-defined numeric attributes (priority, group, timestamps). */
  readonly attributes: Record<string, number> = {};

  constructor(id: number, trajectory: Trajectory, createdAt: number) {
    this.id = id;
    this.trajectory = trajectory;
    this.createdAt = createdAt;
  }
}

type Step =
  | { kind: "seize"; resource: Resource; amount: number; priority: (e: Entity) => number }
  | { kind: "release"; resource: Resource; amount: number }
  | { kind: "timeout"; delay: (e: Entity) => number }
  | { kind: "branch"; choose: (e: Entity) => number; paths: readonly Trajectory[] }
  | { kind: "run"; action: (e: Entity) => void };

export class Trajectory {
  readonly name: string;
  readonly steps: Step[] = [];
  private readonly sim: Simulation;
  /** Called when an entity reaches the end of a trajectory. */
  onExit: ((e: Entity) => void) | undefined;

  constructor(sim: Simulation, name: string) {
    this.sim = sim;
    this.name = name;
  }

  seize(resource: Resource, amount = 1, priority: (e: Entity) => number = () => 0): this {
    this.steps.push({ kind: "seize", resource, amount, priority });
    return this;
  }

  release(resource: Resource, amount = 1): this {
    this.steps.push({ kind: "release", resource, amount });
    return this;
  }

  /** Waits a fixed number of minutes, a draw from a distribution, or a computed delay. */
  timeout(delay: number | Distribution | ((e: Entity) => number), stream?: RandomStream): this {
    if (typeof delay === "number") {
      this.steps.push({ kind: "timeout", delay: () => delay });
    } else if (typeof delay === "function") {
      this.steps.push({ kind: "timeout", delay });
    } else {
      if (stream === undefined)
        throw new Error(`timeout on ${this.name} needs a random stream for ${delay.kind}`);
      this.steps.push({ kind: "timeout", delay: () => delay.sample(stream) });
    }
    return this;
  }

  /** Continues on paths[choose(e)]; the entity leaves this trajectory. */
  branch(choose: (e: Entity) => number, paths: readonly Trajectory[]): this {
    this.steps.push({ kind: "branch", choose, paths });
    return this;
  }

  run(action: (e: Entity) => void): this {
    this.steps.push({ kind: "run", action });
    return this;
  }

  /** Starts an entity on this trajectory now. */
  start(entity: Entity): void {
    entity.trajectory = this;
    entity.step = 0;
    this.advance(entity);
  }

  private readonly resume = (entity: Entity): void => {
    entity.trajectory.advance(entity);
  };

  advance(entity: Entity): void {
    for (;;) {
      const trajectory = entity.trajectory;
      const step = trajectory.steps[entity.step++];
      if (step === undefined) {
        trajectory.onExit?.(entity);
        return;
      }
      switch (step.kind) {
        case "seize":
          if (step.resource.seize(step.amount, this.resume, entity, step.priority(entity)) !== "granted")
            return;
          break;
        case "release":
          step.resource.release(step.amount);
          break;
        case "timeout": {
          // A timeout that ends in a release (the end of a service) runs before seizes at the
          // same instant, so the freed unit is there for whoever asks at that moment.
          const next = trajectory.steps[entity.step];
          const priority = next?.kind === "release" ? Priority.release : Priority.normal;
          this.sim.schedule(step.delay(entity), this.resume, entity, priority);
          return;
        }
        case "branch": {
          const path = step.paths[step.choose(entity)];
          if (path === undefined)
            throw new RangeError(`branch on ${trajectory.name} chose a path that does not exist`);
          entity.trajectory = path;
          entity.step = 0;
          break;
        }
        case "run":
          step.action(entity);
          break;
      }
    }
  }
}

/**
 * Generates entities with inter-arrival times drawn from `interarrival` and starts each on
 * `trajectory`. Stops after `limit` entities or at `until`.
 */
export function addSource(
  sim: Simulation,
  trajectory: Trajectory,
  interarrival: (stream: RandomStream) => number,
  stream: RandomStream,
  options: { limit?: number; until?: number } = {},
): { readonly created: () => number } {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const until = options.until ?? Number.POSITIVE_INFINITY;
  let created = 0;
  const arrive = (): void => {
    const entity = new Entity(created++, trajectory, sim.now);
    trajectory.start(entity);
    if (created >= limit) return;
    const next = sim.now + interarrival(stream);
    if (next <= until) sim.scheduleAt(next, arrive, undefined, Priority.seize);
  };
  const first = interarrival(stream);
  if (limit > 0 && first <= until) sim.schedule(first, arrive, undefined, Priority.seize);
  return { created: () => created };
}
