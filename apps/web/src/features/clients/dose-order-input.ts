/**
 * What a physician typed into the order form, checked as typed: a number out
 * of range is an error to show at its field, never a value to clamp or round
 * (api.md: `doseMg` 1–500 in steps of 0.5, `takeHomeDaysPerWeek` 0–6).
 */
export interface OrderInput {
  doseMg: string;
  takeHomeDaysPerWeek: string;
  effectiveDate: string | null;
}

export type OrderField = keyof OrderInput;
/** The message key (namespace `clients`, under `orderForm.invalid`) of each field's problem. */
export type OrderProblem = 'doseMg' | 'takeHomeDaysPerWeek' | 'effectiveDate';

export type CheckedOrder =
  | { ok: true; doseMg: number; takeHomeDaysPerWeek: number; effectiveDate: string }
  | { ok: false; errors: Partial<Record<OrderField, OrderProblem>> };

export const DOSE_MIN_MG = 1;
export const DOSE_MAX_MG = 500;
export const TAKE_HOME_MAX_DAYS = 6;

/** A plain decimal number as typed (digits, at most one decimal point), or null for anything else. */
function decimal(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

export function checkOrderInput(input: OrderInput): CheckedOrder {
  const errors: Partial<Record<OrderField, OrderProblem>> = {};
  const dose = decimal(input.doseMg);
  if (dose === null || dose < DOSE_MIN_MG || dose > DOSE_MAX_MG || !Number.isInteger(dose * 2)) errors.doseMg = 'doseMg';
  const takeHome = decimal(input.takeHomeDaysPerWeek);
  if (takeHome === null || !Number.isInteger(takeHome) || takeHome > TAKE_HOME_MAX_DAYS) errors.takeHomeDaysPerWeek = 'takeHomeDaysPerWeek';
  if (!input.effectiveDate || !/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveDate)) errors.effectiveDate = 'effectiveDate';
  if (dose === null || takeHome === null || !input.effectiveDate || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, doseMg: dose, takeHomeDaysPerWeek: takeHome, effectiveDate: input.effectiveDate };
}

/** A change large enough that the physician confirms it first: more than 20 mg, or more than half the current dose. */
export function isLargeChange(currentMg: number, nextMg: number): boolean {
  const change = Math.abs(nextMg - currentMg);
  return change > 20 || change > currentMg / 2;
}
