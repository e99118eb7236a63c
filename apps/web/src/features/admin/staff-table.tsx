import { useState } from 'react';
import { Badge, Button, Group, Table } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { adminKeys, type Staff } from './admin-api';
import { ConfirmModal } from './confirm-modal';
import { NameModal } from './name-modal';
import { DataTable } from '../../ui/data-table';

interface Actions {
  onDone: (message: string) => void;
  onError: (error: unknown) => void;
  onResetPassword: (member: Staff) => void;
}

/** Staff accounts with their role and state; edit the name, deactivate (after a confirmation) or reactivate, or reset the password. */
export function StaffTable({ staff, selection, ...actions }: { staff: Staff[]; selection: string } & Actions) {
  const { t } = useTranslation('admin');
  return (
    <DataTable minWidth={760} striped highlightOnHover verticalSpacing="sm" data-testid="staff">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('staff.username')}</Table.Th>
          <Table.Th scope="col">{t('staff.displayName')}</Table.Th>
          <Table.Th scope="col">{t('staff.role')}</Table.Th>
          <Table.Th scope="col">{t('staff.status')}</Table.Th>
          <Table.Th scope="col">{t('staff.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {staff.map((member) => (
          <StaffRow key={member.id} member={member} selection={selection} {...actions} />
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

function StaffRow({ member, selection, onDone, onError, onResetPassword }: { member: Staff; selection: string } & Actions) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [naming, setNaming] = useState(false);
  const rename = useMutation({
    mutationFn: (displayName: string) =>
      ok(api.PATCH('/api/v1/staff/{id}', { params: { path: { id: member.id } }, body: { displayName } })),
    onSuccess: async (updated) => {
      setNaming(false);
      await queryClient.invalidateQueries({ queryKey: adminKeys.staff(selection) });
      onDone(t('staff.renamed', { username: updated.username }));
    },
  });
  const toggle = useMutation({
    mutationFn: () => ok(api.PATCH('/api/v1/staff/{id}', { params: { path: { id: member.id } }, body: { active: !member.active } })),
    onSuccess: async (updated) => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: adminKeys.staff(selection) });
      onDone(t(updated.active ? 'staff.reactivated' : 'staff.deactivated', { username: updated.username }));
    },
    onError: (error) => {
      setConfirming(false);
      onError(error);
    },
  });

  return (
    <Table.Tr data-testid={`staff-${member.username}`} data-active={member.active}>
      <Table.Th scope="row">{member.username}</Table.Th>
      <Table.Td>{member.displayName}</Table.Td>
      <Table.Td>{t(`common:role.${member.role}`)}</Table.Td>
      <Table.Td>
        <Badge color={member.active ? 'teal' : 'gray.7'} variant="filled" data-testid="staff-status">
          {member.active ? t('staff.active') : t('staff.inactive')}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="sm"
            variant={member.active ? 'default' : 'light'}
            loading={toggle.isPending}
            onClick={() => (member.active ? setConfirming(true) : toggle.mutate())}
            aria-label={t(member.active ? 'staff.deactivateLabel' : 'staff.reactivateLabel', { username: member.username })}
          >
            {member.active ? t('staff.deactivate') : t('staff.reactivate')}
          </Button>
          <Button
            size="sm"
            variant="subtle"
            onClick={() => {
              rename.reset();
              setNaming(true);
            }}
            aria-label={t('staff.editNameLabel', { username: member.username })}
          >
            {t('staff.editName')}
          </Button>
          <Button
            size="sm"
            variant="subtle"
            onClick={() => onResetPassword(member)}
            aria-label={t('staff.resetPasswordLabel', { username: member.username })}
          >
            {t('staff.resetPassword')}
          </Button>
        </Group>
        {confirming && (
          <ConfirmModal
            title={t('staff.confirmDeactivateTitle', { username: member.username })}
            message={t('staff.confirmDeactivate', { username: member.username, name: member.displayName })}
            confirm={t('staff.deactivate')}
            pending={toggle.isPending}
            onConfirm={() => toggle.mutate()}
            onClose={() => setConfirming(false)}
          />
        )}
        {naming && (
          <NameModal
            title={t('staff.editNameTitle', { username: member.username })}
            label={t('staff.displayName')}
            field="displayName"
            initial={member.displayName}
            testId="edit-name"
            pending={rename.isPending}
            error={rename.error}
            onSave={(name) => rename.mutate(name)}
            onClose={() => setNaming(false)}
          />
        )}
      </Table.Td>
    </Table.Tr>
  );
}
