import { HealthState } from '../model';

/** The kinds of trouble the fleet view lists, each a thing an admin can go and fix. @public */
export type FleetProblemKind =
  | 'pipeline-failed'
  | 'pipeline-suspended'
  | 'paused'
  | 'older-revision'
  | 'request-unhealthy'
  | 'destination-not-ready'
  | 'destination-writer-error'
  | 'works-misplaced'
  | 'state-store-error';

/** The object a fleet problem is about, enough to link to its page. @public */
export interface FleetSubject {
  kind: 'Promise' | 'Request' | 'Destination' | 'StateStore';
  name: string;
  /** A request's namespace. */
  namespace?: string;
  /** A request's Promise. */
  promise?: string;
}

/** One row of the fleet view. @public */
export interface FleetProblem {
  platform: string;
  kind: FleetProblemKind;
  subject: FleetSubject;
  /** What is wrong, in words (the condition's or pipeline's message where there is one). */
  message: string;
  /** When it started, where the platform says (ISO 8601). */
  since?: string;
}

/** What is unhealthy across the platforms a user administers (`GET /fleet-health`). @public */
export interface FleetHealth {
  items: FleetProblem[];
  /** Rows of each kind, every kind present (zero included). */
  counts: Record<FleetProblemKind, number>;
  /** Per platform, what its mode cannot show (gitops mode has no pipeline status). */
  notes: Array<{ platform: string; message: string }>;
  /** Platforms that could not be read. */
  errors: Array<{ platform: string; message: string }>;
}

/** One change of a request's health over time. @public */
export interface HealthChange {
  /** When it was seen (ISO 8601). */
  time: string;
  state: HealthState;
  previous?: HealthState;
  /** `event`: the HealthRecord Event Kratix emits on a change; `observed`: the backend's watch. */
  source: 'event' | 'observed';
  message?: string;
}
