import { NativeSelect, type MantineSize } from '@mantine/core';

/** One choice of a {@link ChoiceSelect}: its value and the text shown for it. */
export interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * A select of one value from a closed list (`choices`, in the order shown),
 * answering the value in its own type. With a `placeholder` an empty first
 * choice stands for "nothing chosen yet"; the value's type must then admit `''`.
 */
export function ChoiceSelect<T extends string>({
  choices,
  placeholder,
  onChange,
  testId,
  ...props
}: {
  label: string;
  description?: string;
  name?: string;
  required?: boolean;
  error?: string;
  disabled?: boolean;
  size?: MantineSize;
  value: T;
  choices: ReadonlyArray<Choice<T>>;
  placeholder?: '' extends T ? string : never;
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <NativeSelect
      {...props}
      // The options are `choices`, and `''` only where T admits it: the value read back is a T.
      onChange={(event) => onChange(event.currentTarget.value as T)}
      data={placeholder === undefined ? [...choices] : [{ value: '', label: placeholder }, ...choices]}
      data-testid={testId}
    />
  );
}
