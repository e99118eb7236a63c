import { useState } from 'react';
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Done, Loading } from '../../ui/feedback';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ok } from '../../api/client';
import { adminKeys, useClinicPages, type Clinic } from './admin-api';
import { NameModal } from './name-modal';
import { ClinicSettingsModal } from './clinic-settings-modal';
import { CreateClinicForm } from './create-clinic-form';
import './messages';
import { DataTable } from '../../ui/data-table';
import { LoadMore } from '../../ui/load-more';

/** Admin: every clinic with its settings; create a clinic; rename it; edit its settings. */
export default function ClinicsPage() {
  const { t } = useTranslation('admin');
  const clinics = useClinicPages();
  const [editing, setEditing] = useState<Clinic | null>(null);
  const [renaming, setRenaming] = useState<Clinic | null>(null);
  const queryClient = useQueryClient();
  const rename = useMutation({
    mutationFn: ({ clinic, name }: { clinic: Clinic; name: string }) =>
      ok(api.PATCH('/api/v1/clinics/{id}', { params: { path: { id: clinic.id } }, body: { name } })),
    onSuccess: async (clinic) => {
      setRenaming(null);
      await queryClient.invalidateQueries({ queryKey: adminKeys.clinics });
      setDone(t('clinics.renamed', { code: clinic.code }));
    },
  });
  const [done, setDone] = useState<string | null>(null);
  const items = clinics.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1200}>
      <Title order={2}>{t('clinics.title')}</Title>
      <CreateClinicForm onCreated={(clinic) => setDone(t('clinics.created', { code: clinic.code }))} />
      <Done testId="clinic-done">{done}</Done>
      <ErrorAlert error={clinics.error} />
      {clinics.isPending && <Loading />}
      {clinics.data && items.length === 0 && <Text>{t('clinics.none')}</Text>}
      {items.length > 0 && (
        <ClinicsTable
          clinics={items}
          onEdit={setEditing}
          onRename={(clinic) => {
            rename.reset();
            setRenaming(clinic);
          }}
        />
      )}
      <LoadMore pages={clinics} />
      {renaming && (
        <NameModal
          key={renaming.id}
          title={t('clinics.renameTitle', { code: renaming.code })}
          label={t('newClinic.name')}
          field="name"
          initial={renaming.name}
          testId="rename-clinic"
          pending={rename.isPending}
          error={rename.error}
          onSave={(name) => rename.mutate({ clinic: renaming, name })}
          onClose={() => setRenaming(null)}
        />
      )}
      {editing && (
        <ClinicSettingsModal
          key={editing.id}
          clinic={editing}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setDone(message);
            setEditing(null);
          }}
        />
      )}
    </Stack>
  );
}

function ClinicsTable({
  clinics,
  onEdit,
  onRename,
}: {
  clinics: Clinic[];
  onEdit: (clinic: Clinic) => void;
  onRename: (clinic: Clinic) => void;
}) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  return (
    <DataTable minWidth={860} striped highlightOnHover verticalSpacing="sm" data-testid="clinics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('clinics.code')}</Table.Th>
          <Table.Th scope="col">{t('clinics.name')}</Table.Th>
          <Table.Th scope="col">{t('clinics.timeZone')}</Table.Th>
          <Table.Th scope="col">{t('clinics.thresholds')}</Table.Th>
          <Table.Th scope="col">{t('clinics.quietHours')}</Table.Th>
          <Table.Th scope="col">{t('clinics.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {clinics.map((clinic) => (
          <Table.Tr key={clinic.id} data-testid={`clinic-${clinic.code}`}>
            <Table.Th scope="row">{clinic.code}</Table.Th>
            <Table.Td>{clinic.name}</Table.Td>
            <Table.Td>{clinic.timeZone}</Table.Td>
            <Table.Td>
              {t('clinics.thresholdsValue', {
                assess: format.number(clinic.settings.missedDosesAssess),
                retitrate: format.number(clinic.settings.missedDosesRetitrate),
                dropout: format.number(clinic.settings.dropoutDays),
              })}
            </Table.Td>
            <Table.Td>
              {t('clinics.quietHoursValue', { start: clinic.settings.quietHoursStart, end: clinic.settings.quietHoursEnd })}
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="sm"
                  variant="light"
                  onClick={() => onEdit(clinic)}
                  aria-label={t('clinics.settingsOf', { code: clinic.code })}
                >
                  {t('clinics.settings')}
                </Button>
                <Button
                  size="sm"
                  variant="subtle"
                  onClick={() => onRename(clinic)}
                  aria-label={t('clinics.renameOf', { code: clinic.code })}
                >
                  {t('clinics.rename')}
                </Button>
                <Button
                  size="sm"
                  variant="default"
                  component={Link}
                  to={`/admin/staff?clinic=${clinic.id}`}
                  aria-label={t('clinics.staffOf', { code: clinic.code })}
                >
                  {t('clinics.staff')}
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}
