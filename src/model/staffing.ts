/**
 * Skill-mix staffing. Staff are individuals in pools (a role, pooled or belonging to one ward),
 * brought on and off shift by weekly rosters. A task needs one person for each of its skills; it
 * takes any free, on-shift set of people that covers them (a small bipartite matching, so a
 * person with two skills is not wasted on the wrong one), all at once or not at all — so tasks
 * needing several people never deadlock. Waiting tasks are tried in (priority, arrival) order
 * whenever someone comes free or on shift. At a shift's end, people busy with a task finish it
 * and go home afterwards; that time is overtime.
 *
 * Safe staffing: for a ward with a registered-nurse ratio, careflow records the hours when the
 * ward's rostered registered nurses fall short of ⌈patients ÷ ratio⌉, and can close beds down to
 * what the rostered nurses cover.
 */
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { RandomStream } from "../engine/random.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import {
  CyclicProfile,
  QuantileSketch,
  regularPhases,
  Tally,
  TimeWeighted,
} from "../engine/statistics/index.js";
import { DAY, HOUR, WEEK } from "../engine/time.js";
import type { Role, Staff, StaffTask, TaskPoint } from "../scenario/schema.js";
import { DAY_KEYS } from "../scenario/schema.js";
import type { WardModel } from "./ward.js";

export class RoleModel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly skills: ReadonlySet<string>;
  readonly hourlyCost: number;
  readonly seniority: number;
  readonly registeredNurse: boolean;
  /** Position in the allocation preference (lower is asked first). */
  preference = 0;
  // Statistics (after warm-up).
  readonly rostered: TimeWeighted;
  readonly busy: TimeWeighted;
  overtimeMinutes = 0;
  rosteredNow = 0;
  busyNow = 0;
  busyByHour: CyclicProfile;
  rosteredByHour: CyclicProfile;

  constructor(sim: Simulation, index: number, role: Role) {
    this.index = index;
    this.id = role.id;
    this.name = role.name ?? role.id;
    this.skills = new Set(role.skills);
    this.hourlyCost = role.hourlyCost;
    this.seniority = role.seniority;
    this.registeredNurse = role.registeredNurse;
    this.rostered = new TimeWeighted(sim.now, 0);
    this.busy = new TimeWeighted(sim.now, 0);
    const phases = regularPhases(168, HOUR, -sim.calendar.startOffsetInWeek);
    this.busyByHour = new CyclicProfile(phases, sim.now, 0);
    this.rosteredByHour = new CyclicProfile(phases, sim.now, 0);
  }
}

export class StaffMember {
  readonly id: number;
  readonly role: RoleModel;
  readonly pool: Pool;
  onShift = false;
  busy = false;
  /** Off shift as soon as the current task ends. */
  leaving = false;
  shiftEndedAt = 0;

  constructor(id: number, role: RoleModel, pool: Pool) {
    this.id = id;
    this.role = role;
    this.pool = pool;
  }
}

export class Pool {
  readonly role: RoleModel;
  readonly ward: WardModel | null;
  readonly members: StaffMember[] = [];
  target = 0;
  /** The weekly roster's headcount now, and the calendar's dated change to it (absence: negative). */
  rostered = 0;
  calendarChange = 0;

  constructor(role: RoleModel, ward: WardModel | null) {
    this.role = role;
    this.ward = ward;
  }

  onShiftCount(): number {
    let n = 0;
    for (const m of this.members) if (m.onShift && !m.leaving) n++;
    return n;
  }
}

export class TaskModel {
  readonly id: string;
  readonly name: string;
  readonly at: TaskPoint;
  readonly skills: readonly string[];
  readonly duration: Distribution | null;
  readonly stream: RandomStream;
  readonly groups: ReadonlySet<string> | null;
  readonly pathways: ReadonlySet<number> | null;
  readonly specialties: ReadonlySet<string> | null;
  readonly priority: number;
  /** For daily tasks: minute of the day it is asked for. */
  readonly time: number;
  readonly wait = new Tally();
  waitSketch = new QuantileSketch();
  completed = 0;

  constructor(sim: Simulation, task: StaffTask) {
    this.id = task.id;
    this.name = task.name ?? task.id;
    this.at = task.at;
    this.skills = task.skills;
    this.duration = task.duration ? fromSpec(task.duration) : null;
    this.stream = sim.random.get(`task/${task.id}`);
    this.groups = task.groups ? new Set(task.groups) : null;
    this.pathways = task.pathways ? new Set(task.pathways) : null;
    this.specialties = task.specialties ? new Set(task.specialties) : null;
    this.priority = task.priority;
    this.time = task.time ?? 9 * HOUR;
  }

  appliesTo(groupId: string, pathway: number): boolean {
    return (
      (this.groups === null || this.groups.has(groupId)) &&
      (this.pathways === null || this.pathways.has(pathway))
    );
  }
}

/** One piece of work waiting for, or done by, staff. */
export class TaskRequest {
  readonly task: TaskModel;
  readonly ward: WardModel | null;
  readonly createdAt: number;
  /** Drawn when the task is created, so a task's length does not depend on who does it. */
  readonly duration: number;
  readonly onStarted: ((request: TaskRequest) => void) | null;
  readonly onDone: (request: TaskRequest) => void;
  readonly owner: unknown;
  readonly seq: number;
  team: StaffMember[] = [];
  startedAt = Number.NaN;

  constructor(
    task: TaskModel,
    ward: WardModel | null,
    createdAt: number,
    duration: number,
    owner: unknown,
    onDone: (request: TaskRequest) => void,
    onStarted: ((request: TaskRequest) => void) | null,
    seq: number,
  ) {
    this.task = task;
    this.ward = ward;
    this.createdAt = createdAt;
    this.duration = duration;
    this.owner = owner;
    this.onDone = onDone;
    this.onStarted = onStarted;
    this.seq = seq;
  }
}

export interface WorkRecord {
  /** The task request's number, in order of asking. */
  request: number;
  createdAt: number;
  member: number;
  role: string;
  task: string;
  start: number;
  end: number;
}

interface SafeStaffingModel {
  ward: WardModel;
  patientsPerNurse: number;
  closeBeds: boolean;
  below: TimeWeighted;
  pools: Pool[];
}

export class StaffService {
  private readonly sim: Simulation;
  readonly roles: RoleModel[];
  readonly pools: Pool[] = [];
  readonly tasks: TaskModel[];
  private readonly tasksAt = new Map<TaskPoint, TaskModel[]>();
  /**
   * tasksFor's answers by point, group and pathway. The tasks are fixed once built and the
   * question is asked for every patient at every point, so each answer is filtered once.
   */
  private readonly tasksByPatientKind = new Map<TaskPoint, Map<string, (readonly TaskModel[])[]>>();
  private readonly waiting: TaskRequest[] = [];
  private seq = 0;

  /** Tasks asked for and not yet started. */
  get waitingCount(): number {
    return this.waiting.length;
  }
  private nextMemberId = 0;
  private readonly warmup: number;
  readonly safeStaffing: SafeStaffingModel[] = [];
  /** Every task's (member, start, end), when asked for (tests: nobody does two things at once). */
  readonly workLog: WorkRecord[] | undefined;
  private dispatching = false;

  constructor(
    sim: Simulation,
    staff: Staff,
    wards: Map<string, WardModel>,
    warmup: number,
    options: { workLog?: WorkRecord[] } = {},
  ) {
    this.sim = sim;
    this.warmup = warmup;
    this.workLog = options.workLog;
    this.roles = staff.roles.map((r, i) => new RoleModel(sim, i, r));
    const order = preferenceOrder(staff, this.roles);
    order.forEach((role, i) => {
      role.preference = i;
    });
    this.tasks = staff.tasks.map((t) => new TaskModel(sim, t));
    for (const task of this.tasks) {
      const list = this.tasksAt.get(task.at) ?? [];
      list.push(task);
      this.tasksAt.set(task.at, list);
    }
    for (const roster of staff.rosters) {
      const role = this.roles.find((r) => r.id === roster.role)!;
      const ward = roster.ward !== undefined ? wards.get(roster.ward)! : null;
      let pool = this.pools.find((p) => p.role === role && p.ward === ward);
      if (pool === undefined) {
        pool = new Pool(role, ward);
        this.pools.push(pool);
      }
      this.followRoster(pool, roster.shifts);
    }
    for (const rule of staff.safeStaffing) {
      const ward = wards.get(rule.ward)!;
      const model: SafeStaffingModel = {
        ward,
        patientsPerNurse: rule.patientsPerRegisteredNurse,
        closeBeds: rule.closeBedsBelowRatio,
        below: new TimeWeighted(sim.now, 0),
        pools: this.pools.filter((p) => p.ward === ward && p.role.registeredNurse),
      };
      this.safeStaffing.push(model);
      ward.onPatientsChanged = () => this.checkSafeStaffing(model);
    }
  }

  /** The tasks due at `point` for a patient of this group and pathway (shared: do not modify). */
  tasksFor(point: TaskPoint, groupId: string, pathway: number): readonly TaskModel[] {
    let byGroup = this.tasksByPatientKind.get(point);
    if (byGroup === undefined) {
      byGroup = new Map();
      this.tasksByPatientKind.set(point, byGroup);
    }
    let byPathway = byGroup.get(groupId);
    if (byPathway === undefined) {
      byPathway = [];
      byGroup.set(groupId, byPathway);
    }
    let tasks = byPathway[pathway];
    if (tasks === undefined) {
      const all = this.tasksAt.get(point);
      tasks = all === undefined ? NO_TASKS : all.filter((t) => t.appliesTo(groupId, pathway));
      byPathway[pathway] = tasks;
    }
    return tasks;
  }

  sessionTasks(specialty: string): TaskModel[] {
    const all = this.tasksAt.get("theatre-session");
    if (all === undefined) return NO_TASKS;
    return all.filter((t) => t.specialties === null || t.specialties.has(specialty));
  }

  /** Asks for a task to be done; `onDone` runs when it is finished (or, with no duration, held). */
  request(
    task: TaskModel,
    ward: WardModel | null,
    owner: unknown,
    onDone: (request: TaskRequest) => void,
    onStarted: ((request: TaskRequest) => void) | null = null,
  ): TaskRequest {
    const duration = task.duration !== null ? task.duration.sample(task.stream) : Number.POSITIVE_INFINITY;
    const request = new TaskRequest(task, ward, this.sim.now, duration, owner, onDone, onStarted, this.seq++);
    insertByPriority(this.waiting, request);
    this.dispatch();
    return request;
  }

  /** Withdraws a waiting request (e.g. a theatre session given up); false if already started. */
  withdraw(request: TaskRequest): boolean {
    const i = this.waiting.indexOf(request);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    return true;
  }

  /** Ends a held task (no duration, e.g. a theatre session's team) now. */
  finish(request: TaskRequest): void {
    this.complete(request);
  }

  resetStatistics(): void {
    const now = this.sim.now;
    for (const role of this.roles) {
      role.rostered.reset(now);
      role.busy.reset(now);
      role.overtimeMinutes = 0;
      const phases = regularPhases(168, HOUR, -this.sim.calendar.startOffsetInWeek);
      role.busyByHour = new CyclicProfile(phases, now, role.busyNow);
      role.rosteredByHour = new CyclicProfile(phases, now, role.rosteredNow);
    }
    for (const task of this.tasks) {
      task.wait.reset();
      task.waitSketch = new QuantileSketch();
      task.completed = 0;
    }
    for (const rule of this.safeStaffing) rule.below.reset(now);
  }

  finishStatistics(): void {
    const now = this.sim.now;
    for (const role of this.roles) {
      role.busyByHour.finish(now);
      role.rosteredByHour.finish(now);
      // People still working past their shift at the end of the run.
      for (const pool of this.pools) {
        if (pool.role !== role) continue;
        for (const m of pool.members)
          if (m.leaving) role.overtimeMinutes += now - Math.max(m.shiftEndedAt, this.warmup);
      }
    }
  }

  // --- rosters ---------------------------------------------------------------------------

  private followRoster(pool: Pool, shifts: Staff["rosters"][number]["shifts"]): void {
    const steps = weeklyHeadcount(shifts);
    const calendar = this.sim.calendar;
    const now = this.sim.now;
    const current = headcountAt(steps, calendar.minuteOfWeek(now));
    this.setRostered(pool, current);
    for (const step of steps) {
      const at = calendar.nextMinuteOfWeek(now, step.minute);
      const first = at === now ? at + WEEK : at;
      this.sim.scheduleAt(
        first,
        this.rosterChange,
        { pool, headcount: step.headcount },
        Priority.capacityChange,
      );
    }
  }

  private readonly rosterChange = (change: { pool: Pool; headcount: number }): void => {
    this.setRostered(change.pool, change.headcount);
    this.sim.schedule(WEEK, this.rosterChange, change, Priority.capacityChange);
  };

  private setRostered(pool: Pool, headcount: number): void {
    pool.rostered = headcount;
    this.setTarget(pool, Math.max(0, headcount + pool.calendarChange));
  }

  /** A dated roster change (calendar.rosters) for a role's pool, or its ward's roster; false if none. */
  changeRosterByCalendar(roleId: string, wardId: string | undefined, delta: number): boolean {
    const pool = this.pools.find((p) => p.role.id === roleId && (p.ward?.id ?? undefined) === wardId);
    if (pool === undefined) return false;
    pool.calendarChange += delta;
    this.setTarget(pool, Math.max(0, pool.rostered + pool.calendarChange));
    return true;
  }

  private setTarget(pool: Pool, headcount: number): void {
    const now = this.sim.now;
    const role = pool.role;
    const delta = headcount - pool.target;
    pool.target = headcount;
    role.rosteredNow += delta;
    role.rostered.update(now, role.rosteredNow);
    role.rosteredByHour.update(now, role.rosteredNow);
    let onShift = pool.onShiftCount();
    // Bring people on: those finishing overtime stay on, then anyone off shift, then new people.
    for (const m of pool.members) {
      if (onShift >= headcount) break;
      if (m.leaving) {
        this.countOvertime(m);
        m.leaving = false;
        onShift++;
      }
    }
    for (const m of pool.members) {
      if (onShift >= headcount) break;
      if (!m.onShift) {
        m.onShift = true;
        onShift++;
      }
    }
    while (onShift < headcount) {
      const m = new StaffMember(this.nextMemberId++, role, pool);
      m.onShift = true;
      pool.members.push(m);
      onShift++;
    }
    // Send people home: the free ones first; busy ones finish their task (overtime).
    for (const m of pool.members) {
      if (onShift <= headcount) break;
      if (m.onShift && !m.busy && !m.leaving) {
        m.onShift = false;
        onShift--;
      }
    }
    for (const m of pool.members) {
      if (onShift <= headcount) break;
      if (m.onShift && m.busy && !m.leaving) {
        m.leaving = true;
        m.shiftEndedAt = now;
        onShift--;
      }
    }
    for (const rule of this.safeStaffing) if (rule.pools.includes(pool)) this.checkSafeStaffing(rule);
    if (delta > 0) this.dispatch();
  }

  private countOvertime(m: StaffMember): void {
    const start = Math.max(m.shiftEndedAt, this.warmup);
    if (this.sim.now > start) m.role.overtimeMinutes += this.sim.now - start;
  }

  // --- safe staffing ---------------------------------------------------------------------

  rosteredNurses(rule: SafeStaffingModel): number {
    let n = 0;
    for (const pool of rule.pools) n += pool.target;
    return n;
  }

  private checkSafeStaffing(rule: SafeStaffingModel): void {
    const nurses = this.rosteredNurses(rule);
    const needed = Math.ceil(rule.ward.patients / rule.patientsPerNurse);
    const below = nurses < needed ? 1 : 0;
    if (rule.below.level !== below) rule.below.update(this.sim.now, below);
    if (rule.closeBeds) rule.ward.setStaffedBedLimit(Math.floor(nurses * rule.patientsPerNurse));
  }

  // --- allocation ------------------------------------------------------------------------

  private dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.waiting.length; ) {
        const request = this.waiting[i]!;
        const team = this.findTeam(request);
        if (team === null) {
          i++;
          continue;
        }
        this.waiting.splice(i, 1);
        this.start(request, team);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** A set of distinct free people covering every skill, preferring earlier roles; or null. */
  private findTeam(request: TaskRequest): StaffMember[] | null {
    const skills = request.task.skills;
    const candidates: StaffMember[][] = skills.map((skill) => {
      const list: StaffMember[] = [];
      for (const pool of this.pools) {
        if (!pool.role.skills.has(skill)) continue;
        if (pool.ward !== null && pool.ward !== request.ward) continue;
        for (const m of pool.members) if (m.onShift && !m.leaving && !m.busy) list.push(m);
      }
      list.sort((a, b) => a.role.preference - b.role.preference || a.id - b.id);
      return list;
    });
    const assigned: (StaffMember | null)[] = skills.map(() => null);
    const holder = new Map<StaffMember, number>();
    const tryAssign = (k: number, seen: Set<StaffMember>): boolean => {
      for (const m of candidates[k]!) {
        if (seen.has(m)) continue;
        seen.add(m);
        const other = holder.get(m);
        if (other === undefined || tryAssign(other, seen)) {
          assigned[k] = m;
          holder.set(m, k);
          return true;
        }
      }
      return false;
    };
    for (let k = 0; k < skills.length; k++) if (!tryAssign(k, new Set())) return null;
    return assigned as StaffMember[];
  }

  private start(request: TaskRequest, team: StaffMember[]): void {
    const now = this.sim.now;
    request.team = team;
    request.startedAt = now;
    for (const m of team) {
      m.busy = true;
      this.changeBusy(m.role, 1);
    }
    if (now >= this.warmup) {
      const waited = now - request.createdAt;
      request.task.wait.add(waited);
      request.task.waitSketch.add(waited);
    }
    request.onStarted?.(request);
    if (Number.isFinite(request.duration))
      this.sim.schedule(request.duration, this.completeEvent, request, Priority.release);
  }

  private readonly completeEvent = (request: TaskRequest): void => {
    this.complete(request);
  };

  private complete(request: TaskRequest): void {
    const now = this.sim.now;
    for (const m of request.team) {
      m.busy = false;
      this.changeBusy(m.role, -1);
      this.workLog?.push({
        request: request.seq,
        createdAt: request.createdAt,
        member: m.id,
        role: m.role.id,
        task: request.task.id,
        start: request.startedAt,
        end: now,
      });
      if (m.leaving) {
        this.countOvertime(m);
        m.leaving = false;
        m.onShift = false;
      }
    }
    if (now >= this.warmup) request.task.completed++;
    request.onDone(request);
    this.dispatch();
  }

  private changeBusy(role: RoleModel, delta: number): void {
    role.busyNow += delta;
    role.busy.update(this.sim.now, role.busyNow);
    role.busyByHour.update(this.sim.now, role.busyNow);
  }
}

const NO_TASKS: TaskModel[] = [];

function insertByPriority(list: TaskRequest[], request: TaskRequest): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.task.priority > request.task.priority) i--;
  list.splice(i, 0, request);
}

function preferenceOrder(staff: Staff, roles: RoleModel[]): RoleModel[] {
  const sorted = [...roles];
  if (staff.allocation === "cheapest")
    sorted.sort((a, b) => a.hourlyCost - b.hourlyCost || a.index - b.index);
  else if (staff.allocation === "most-senior")
    sorted.sort((a, b) => b.seniority - a.seniority || a.index - b.index);
  else {
    const order = staff.order ?? [];
    const rank = (r: RoleModel) => {
      const i = order.indexOf(r.id);
      return i < 0 ? order.length + r.index : i;
    };
    sorted.sort((a, b) => rank(a) - rank(b));
  }
  return sorted;
}

/** The week's headcount as steps: at each minute of the week where it changes, the new count. */
export function weeklyHeadcount(
  shifts: Staff["rosters"][number]["shifts"],
): { minute: number; headcount: number }[] {
  const intervals: { from: number; to: number; headcount: number }[] = [];
  for (const shift of shifts) {
    for (const day of shift.days) {
      const start = DAY_KEYS.indexOf(day) * DAY + shift.from;
      let length = shift.to - shift.from;
      if (length <= 0) length += DAY; // past midnight
      intervals.push({ from: start, to: start + length, headcount: shift.headcount });
    }
  }
  const points = new Set<number>([0]);
  for (const i of intervals) {
    points.add(i.from % WEEK);
    points.add(i.to % WEEK);
  }
  const minutes = [...points].sort((a, b) => a - b);
  const at = (minute: number) =>
    intervals.reduce((n, i) => {
      const inside = (minute >= i.from && minute < i.to) || (minute + WEEK >= i.from && minute + WEEK < i.to);
      return inside ? n + i.headcount : n;
    }, 0);
  const steps: { minute: number; headcount: number }[] = [];
  let previous = Number.NaN;
  for (const minute of minutes) {
    const headcount = at(minute);
    if (headcount !== previous) steps.push({ minute, headcount });
    previous = headcount;
  }
  // The first step at minute 0 is only a change if it differs from the week's last value.
  if (steps.length > 1 && steps[0]!.headcount === steps[steps.length - 1]!.headcount) steps.shift();
  return steps;
}

export function headcountAt(steps: { minute: number; headcount: number }[], minuteOfWeek: number): number {
  if (steps.length === 0) return 0;
  let current = steps[steps.length - 1]!.headcount;
  for (const s of steps) if (s.minute <= minuteOfWeek) current = s.headcount;
  return current;
}
