/**
 * The cheapest team of roles that covers an hour's skill requirements.
 *
 * Problem: roles r with skills K_r and hourly cost c_r; requirement s_k people busy with skill k
 * at once. Choose whole counts n_r minimising Σ c_r·n_r such that the people can be assigned to
 * the s_k slots of every skill, one slot each (one person does one task at a time, as in the
 * simulation's staff model). By Hall's theorem for this bipartite assignment, that holds exactly
 * when for every subset S of the required skills
 *
 *   Σ_{r : K_r ∩ S ≠ ∅} n_r ≥ Σ_{k ∈ S} s_k.
 *
 * Method: exact depth-first branch and bound over the counts, roles taken cheapest first, each
 * count from its upper bound down (so feasible teams are found early). A node is pruned when
 * cost so far + max over S of (people still missing for S × cheapest remaining role touching S)
 * cannot beat the best team found, which is a valid lower bound because each further person adds
 * at most one to every Hall sum. Counts are bounded by Σ_{k ∈ K_r} s_k (a person beyond that
 * can fill no slot) and by an optional per-role maximum (people available). With up to ~10 roles
 * and ~8 required skills (255 subsets) this takes well under a millisecond per hour.
 *
 * Without per-role maxima the optimum is simply the cheapest role for each skill times its
 * requirement, because each person fills one slot; a role with two skills pays only where it is
 * the cheapest holder of some skill. That case is answered directly (cheapestPerSkill), so the
 * work no longer grows with the requirement; the search runs only when maxima bind.
 */

export interface RoleOption {
  id: string;
  skills: readonly string[];
  /** Cost an hour of one person. */
  cost: number;
  /** Most people of this role available, if limited. */
  max?: number;
}

export interface Cover {
  feasible: boolean;
  /** People of each role, in the order of the roles given (zeros when infeasible). */
  counts: number[];
  cost: number;
  /** Required skills no available role can cover, when infeasible. */
  uncovered: string[];
}

interface Prepared {
  skills: string[];
  demand: Float64Array;
  roleMasks: number[];
}

const MAX_REQUIRED_SKILLS = 16;

function prepare(roles: readonly RoleOption[], need: Readonly<Record<string, number>>): Prepared {
  const skills = Object.keys(need)
    .filter((k) => need[k]! > 0)
    .sort();
  if (skills.length > MAX_REQUIRED_SKILLS) {
    throw new RangeError(`at most ${MAX_REQUIRED_SKILLS} required skills at once, got ${skills.length}`);
  }
  const subsets = 1 << skills.length;
  const demand = new Float64Array(subsets);
  for (let s = 1; s < subsets; s++) {
    let total = 0;
    for (let k = 0; k < skills.length; k++) if (s & (1 << k)) total += need[skills[k]!]!;
    demand[s] = total;
  }
  const roleMasks = roles.map((r) => {
    let mask = 0;
    skills.forEach((k, i) => {
      if (r.skills.includes(k)) mask |= 1 << i;
    });
    return mask;
  });
  return { skills, demand, roleMasks };
}

/** People touching each subset of the required skills. */
function hallSums(masks: readonly number[], counts: readonly number[], subsets: number): Float64Array {
  const sums = new Float64Array(subsets);
  masks.forEach((mask, r) => {
    const n = counts[r]!;
    if (n === 0 || mask === 0) return;
    for (let s = 1; s < subsets; s++) if (s & mask) sums[s]! += n;
  });
  return sums;
}

/** The skill subsets whose requirement the team cannot staff at once (empty: it can). */
export function hallShortfalls(
  roles: readonly RoleOption[],
  counts: readonly number[],
  need: Readonly<Record<string, number>>,
): { skills: string[]; missing: number }[] {
  const p = prepare(roles, need);
  const subsets = 1 << p.skills.length;
  const sums = hallSums(p.roleMasks, counts, subsets);
  const out: { skills: string[]; missing: number }[] = [];
  for (let s = 1; s < subsets; s++) {
    const missing = p.demand[s]! - sums[s]!;
    if (missing > 0) out.push({ skills: p.skills.filter((_, k) => s & (1 << k)), missing });
  }
  // The smallest failing sets say most; a superset of a failing set usually fails too.
  return out.filter((o) => !out.some((x) => x !== o && x.skills.every((k) => o.skills.includes(k))));
}

/** True when the team can staff every required skill at once, one person per slot. */
export function coversRequirement(
  roles: readonly RoleOption[],
  counts: readonly number[],
  need: Readonly<Record<string, number>>,
): boolean {
  return hallShortfalls(roles, counts, need).length === 0;
}

/** The cheapest counts of each role meeting every Hall constraint; see the module comment. */
export function cheapestCover(roles: readonly RoleOption[], need: Readonly<Record<string, number>>): Cover {
  const p = prepare(roles, need);
  const subsets = 1 << p.skills.length;
  const counts = roles.map(() => 0);
  const uncovered = p.skills.filter(
    (_, k) => !roles.some((r, i) => p.roleMasks[i]! & (1 << k) && (r.max ?? Number.POSITIVE_INFINITY) > 0),
  );
  if (uncovered.length > 0) return { feasible: false, counts, cost: 0, uncovered };
  if (p.skills.length === 0) return { feasible: true, counts, cost: 0, uncovered: [] };
  if (roles.every((r) => r.max === undefined)) return cheapestPerSkill(roles, p, need);

  const upper = roles.map((r, i) => {
    const mask = p.roleMasks[i]!;
    const useful = mask === 0 ? 0 : p.demand[mask]!;
    return Math.min(useful, r.max ?? Number.POSITIVE_INFINITY);
  });
  const order = roles
    .map((_, i) => i)
    .filter((i) => upper[i]! > 0)
    .sort((a, b) => roles[a]!.cost - roles[b]!.cost || a - b);
  // cheapestFrom[j][s]: cheapest role at position ≥ j in `order` touching subset s.
  const cheapestFrom: Float64Array[] = [];
  for (let j = order.length; j >= 0; j--) {
    const row = new Float64Array(subsets).fill(Number.POSITIVE_INFINITY);
    if (j < order.length) {
      const next = cheapestFrom[0]!;
      const r = order[j]!;
      const mask = p.roleMasks[r]!;
      for (let s = 1; s < subsets; s++) row[s] = s & mask ? Math.min(roles[r]!.cost, next[s]!) : next[s]!;
    }
    cheapestFrom.unshift(row);
  }

  const sums = new Float64Array(subsets);
  let bestCost = Number.POSITIVE_INFINITY;
  let best: number[] | null = null;

  const bound = (j: number): number => {
    let worst = 0;
    const cheapest = cheapestFrom[j]!;
    for (let s = 1; s < subsets; s++) {
      const missing = p.demand[s]! - sums[s]!;
      if (missing <= 0) continue;
      const c = cheapest[s]!;
      if (c === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
      worst = Math.max(worst, missing * c);
    }
    return worst;
  };

  /** The smallest positive shortfall of a subset touching `mask`, or 0 when none is short. */
  const smallestShortfall = (mask: number): number => {
    let least = Number.POSITIVE_INFINITY;
    for (let s = 1; s < subsets; s++) {
      const missing = p.demand[s]! - sums[s]!;
      if (s & mask && missing > 0 && missing < least) least = missing;
    }
    return least === Number.POSITIVE_INFINITY ? 0 : least;
  };

  /** bound(j) restricted to subsets touching `mask`, after n more people of a role with that mask. */
  const touchingBound = (j: number, mask: number, n: number): number => {
    let worst = 0;
    const cheapest = cheapestFrom[j]!;
    for (let s = 1; s < subsets; s++) {
      if (!(s & mask)) continue;
      const missing = p.demand[s]! - sums[s]! - n;
      if (missing <= 0) continue;
      const c = cheapest[s]!;
      if (c === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
      worst = Math.max(worst, missing * c);
    }
    return worst;
  };

  // Only strictly cheaper teams replace the best, so among equal costs the first found (cheap
  // roles at high counts) stands, and ties are pruned rather than explored.
  const search = (j: number, cost: number): void => {
    const lower = cost + bound(j);
    if (lower === Number.POSITIVE_INFINITY || lower >= bestCost - 1e-9 * Math.max(1, Math.abs(cost))) return;
    if (j === order.length) {
      // A finite bound at the end means nothing is missing: a feasible team.
      bestCost = cost;
      best = [...counts];
      return;
    }
    const r = order[j]!;
    const mask = p.roleMasks[r]!;
    const unitCost = roles[r]!.cost;
    // Counts whose own cost already reaches the best team cannot lead to a cheaper one.
    const affordable = unitCost > 0 ? Math.ceil((bestCost - cost) / unitCost) : Number.POSITIVE_INFINITY;
    const floor = smallestShortfall(mask);
    for (let n = Math.min(upper[r]!, affordable); n >= 0; n--) {
      // Below every shortfall this role touches, each person fewer must be made up by a later role
      // costing at least as much (roles are taken cheapest first): once the bound for this role's
      // subsets reaches the best team, every smaller count does too.
      if (n <= floor && cost + n * unitCost + touchingBound(j + 1, mask, n) >= bestCost) break;
      counts[r] = n;
      for (let s = 1; s < subsets; s++) if (s & mask) sums[s]! += n;
      search(j + 1, cost + n * roles[r]!.cost);
      for (let s = 1; s < subsets; s++) if (s & mask) sums[s]! -= n;
    }
    counts[r] = 0;
  };
  search(0, 0);
  if (best === null) {
    return { feasible: false, counts: roles.map(() => 0), cost: 0, uncovered: [...p.skills] };
  }
  return { feasible: true, counts: best, cost: bestCost, uncovered: [] };
}

/**
 * Without per-role maxima the optimum needs no search: every slot of skill k is filled by one
 * person holding k, so Σ_k s_k × (cheapest holder of k) is a lower bound, and staffing each skill
 * with its cheapest holder meets it. Ties go to the role the search would take first (cheapest,
 * then first listed). O(roles × skills) whatever the requirement, where the search grows with it.
 */
function cheapestPerSkill(
  roles: readonly RoleOption[],
  p: Prepared,
  need: Readonly<Record<string, number>>,
): Cover {
  const counts = roles.map(() => 0);
  let cost = 0;
  p.skills.forEach((skill, k) => {
    let best = -1;
    roles.forEach((role, r) => {
      if (!(p.roleMasks[r]! & (1 << k))) return;
      if (best < 0 || role.cost < roles[best]!.cost) best = r;
    });
    counts[best]! += need[skill]!;
    cost += need[skill]! * roles[best]!.cost;
  });
  return { feasible: true, counts, cost, uncovered: [] };
}
