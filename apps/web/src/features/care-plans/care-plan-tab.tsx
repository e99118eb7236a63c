import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { can, useUser } from '../../auth/session';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ChoiceSelect } from '../../ui/choice-select';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { useLengthLimit } from '../../ui/length-limit';
import { clientPartKey, optional, type AnyClient } from '../clients/client-data';
import { Pending, Section } from '../clients/parts';
import './messages';
import './print.css';

type Plan = Schemas['CarePlanDto'];
type Goal = Schemas['CarePlanGoalDto'];
type Domain = Goal['domain'];
type GoalStatus = Goal['status'];
type Progress = Schemas['CreateReviewDto']['progress'];

const DOMAINS: Domain[] = ['health', 'drug_use', 'family', 'work_income', 'housing', 'legal', 'social_peer_support'];
const STATUSES: GoalStatus[] = ['open', 'achieved', 'dropped'];
const PROGRESS: Progress[] = ['better', 'same', 'worse'];

const planKey = (clientId: string) => clientPartKey(clientId, 'care-plan');

/**
 * The client's care plan: goals grouped by domain with their reviews and the next review due; the care-team
 * counselor adds goals and reviews and changes a goal's status. Printed, it fits one A4 page (print.css).
 */
export function CarePlanTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('carePlans');
  const user = useUser();
  const format = useFormat();
  const writes = can(user, 'care_plan.write');
  const plan = useQuery({
    queryKey: planKey(client.id),
    queryFn: (): Promise<Plan> => ok(api.GET('/api/v1/clients/{id}/care-plan', { params: { path: { id: client.id } } })),
  });
  if (!plan.data) return <Pending error={plan.error} />;
  const goals = plan.data.goals;
  const withheld = goals.some((goal) => goal.reviews.some((review) => !('note' in review)));

  return (
    <Stack gap="xl" className="care-plan-print">
      {writes && (
        <div className="no-print">
          <GoalForm clientId={client.id} />
        </div>
      )}
      <Section title={t('plan.title')} testId="care-plan">
        <Title order={2} size="h4" className="print-only">
          {t('plan.printTitle', { code: client.code })}
        </Title>
        <Group justify="space-between" align="center">
          <Text fw={600} data-testid="next-review-due">
            {plan.data.nextReviewDue ? t('plan.nextReviewDue', { date: format.date(plan.data.nextReviewDue) }) : t('plan.noReviewDue')}
          </Text>
          {goals.length > 0 && (
            <Button variant="default" size="sm" className="no-print" onClick={() => window.print()} data-testid="care-plan-print">
              {t('plan.print')}
            </Button>
          )}
        </Group>
        {plan.data.startedOn && (
          <Text size="sm" c="dimmed">
            {t('plan.startedOn', { date: format.date(plan.data.startedOn) })}
          </Text>
        )}
        {withheld && (
          <Text size="sm" c="dimmed" data-testid="review-notes-withheld">
            {t('plan.withheld')}
          </Text>
        )}
        {goals.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="care-plan-empty">
            {t('plan.empty')}
          </Text>
        )}
        {DOMAINS.filter((domain) => goals.some((goal) => goal.domain === domain)).map((domain) => (
          <Stack key={domain} gap="xs" data-testid={`domain-${domain}`}>
            <Title order={4} size="h5">
              {t(`domain.${domain}`)}
            </Title>
            {goals
              .filter((goal) => goal.domain === domain)
              .map((goal) => (
                <GoalCard key={goal.id} clientId={client.id} goal={goal} writes={writes} />
              ))}
          </Stack>
        ))}
      </Section>
    </Stack>
  );
}

function GoalCard({ clientId, goal, writes }: { clientId: string; goal: Goal; writes: boolean }) {
  const { t } = useTranslation('carePlans');
  const format = useFormat();
  const queryClient = useQueryClient();
  const [reviewing, setReviewing] = useState(false);
  const update = useMutation({
    mutationFn: (status: GoalStatus) =>
      ok(
        api.PATCH('/api/v1/clients/{id}/care-plan/goals/{goalId}', {
          params: { path: { id: clientId, goalId: goal.id } },
          body: { status },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(clientId) }),
  });
  return (
    <Paper withBorder p="sm" component="article" data-testid="goal" className="goal-card">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text fw={600} style={{ whiteSpace: 'pre-wrap' }} data-testid="goal-description">
            {goal.description}
          </Text>
          <Badge variant="outline" color="dark" data-testid="goal-status">
            {t(`status.${goal.status}`)}
          </Badge>
        </Group>
        <Text size="sm">{goal.targetDate ? t('plan.target', { date: format.date(goal.targetDate) }) : t('plan.noTarget')}</Text>
        <Stack gap={2} data-testid="reviews">
          <Text size="sm" fw={500}>
            {t('plan.reviews')}
          </Text>
          {goal.reviews.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('plan.noReviews')}
            </Text>
          )}
          {goal.reviews.map((review) => (
            <Text key={review.id} size="sm" data-testid="review">
              {format.date(review.date)} · {t(`progress.${review.progress}`)}
              {review.note ? ` — ${review.note}` : ''}
            </Text>
          ))}
        </Stack>
        {writes && (
          <Group gap="sm" align="flex-end" className="no-print">
            <ChoiceSelect
              label={t('plan.statusLabel')}
              value={goal.status}
              onChange={(status) => update.mutate(status)}
              choices={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
              disabled={update.isPending}
              testId="goal-status-input"
            />
            {!reviewing && (
              <Button variant="default" onClick={() => setReviewing(true)} data-testid="review-open">
                {t('reviewForm.open')}
              </Button>
            )}
          </Group>
        )}
        <ErrorAlert error={update.error} />
        {reviewing && <ReviewForm clientId={clientId} goalId={goal.id} onDone={() => setReviewing(false)} />}
      </Stack>
    </Paper>
  );
}

function GoalForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('carePlans');
  const queryClient = useQueryClient();
  const empty = { domain: 'health' as Domain, description: '', targetDate: '' };
  const [form, setForm] = useState(empty);
  const save = useIdempotentCreate(
    (body: Schemas['CreateGoalDto'], header) =>
      api.POST('/api/v1/clients/{id}/care-plan/goals', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setForm(empty);
        await queryClient.invalidateQueries({ queryKey: planKey(clientId) });
      },
    },
  );
  const fieldError = useFieldErrors(save.error);
  const limit = useLengthLimit();

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ domain: form.domain, description: form.description.trim(), targetDate: optional(form.targetDate) });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('goalForm.title')} testId="goal-form">
        <form noValidate onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ChoiceSelect
                label={t('goalForm.domain')}
                name="domain"
                value={form.domain}
                onChange={(domain) => setForm({ ...form, domain })}
                error={fieldError('domain')}
                choices={DOMAINS.map((domain) => ({ value: domain, label: t(`domain.${domain}`) }))}
                testId="goal-domain-input"
              />
              <DateField
                label={t('goalForm.targetDate')}
                name="targetDate"
                clearable
                value={form.targetDate || null}
                onChange={(date) => setForm({ ...form, targetDate: date ?? '' })}
                error={fieldError('targetDate')}
                testId="goal-target-input"
              />
            </SimpleGrid>
            <TextInput
              label={t('goalForm.description')}
              name="description"
              required
              {...limit(form.description, 1000, { error: fieldError('description') })}
              value={form.description}
              onChange={(event) => setForm({ ...form, description: event.currentTarget.value })}
              data-testid="goal-description-input"
            />
            <FormFooter
              submit={t('goalForm.submit')}
              pending={save.isPending}
              error={save.error}
              done={save.isSuccess && t('goalForm.saved')}
              testId="goal-submit"
            />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

function ReviewForm({ clientId, goalId, onDone }: { clientId: string; goalId: string; onDone: () => void }) {
  const { t } = useTranslation('carePlans');
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [form, setForm] = useState({ date: todayIso(timeZone), progress: 'same' as Progress, note: '' });
  const save = useIdempotentCreate(
    (body: Schemas['CreateReviewDto'], header) =>
      api.POST('/api/v1/clients/{id}/care-plan/goals/{goalId}/reviews', { params: { path: { id: clientId, goalId }, header }, body }),
    {
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: planKey(clientId) });
        onDone();
      },
    },
  );
  const fieldError = useFieldErrors(save.error);
  const limit = useLengthLimit();

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ date: form.date, progress: form.progress, note: optional(form.note) });
  }

  return (
    <form noValidate onSubmit={submit} className="no-print" data-testid="review-form" aria-label={t('reviewForm.title')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField
            label={t('reviewForm.date')}
            name="date"
            required
            value={form.date || null}
            onChange={(date) => setForm({ ...form, date: date ?? '' })}
            error={fieldError('date')}
            testId="review-date-input"
          />
          <ChoiceSelect
            label={t('reviewForm.progress')}
            name="progress"
            value={form.progress}
            onChange={(progress) => setForm({ ...form, progress })}
            error={fieldError('progress')}
            choices={PROGRESS.map((progress) => ({ value: progress, label: t(`progress.${progress}`) }))}
            testId="review-progress-input"
          />
        </SimpleGrid>
        <Textarea
          label={`${t('reviewForm.note')} (${t('reviewForm.noteHint')})`}
          name="note"
          autosize
          minRows={2}
          {...limit(form.note, 5000, { error: fieldError('note') })}
          value={form.note}
          onChange={(event) => setForm({ ...form, note: event.currentTarget.value })}
          data-testid="review-note-input"
        />
        <FormFooter submit={t('reviewForm.submit')} pending={save.isPending} error={save.error} testId="review-submit" onCancel={onDone} />
      </Stack>
    </form>
  );
}
