import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { KratixTextField, validateKratixTextField } from './KratixTextField';

const nameSchema = {
  title: 'Name',
  type: 'string',
  description: 'Name of the request.',
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  maxLength: 10,
};

function props(schema: object, onChange = jest.fn(), rawErrors: string[] = []) {
  return {
    onChange,
    onBlur: jest.fn(),
    schema,
    uiSchema: {},
    rawErrors,
    required: true,
    formData: undefined,
    idSchema: { $id: 'root_objname' },
  } as any;
}

describe('KratixTextField', () => {
  it('says what is wrong while the name is typed, and clears it when fixed', async () => {
    const onChange = jest.fn();
    await renderInTestApp(<KratixTextField {...props(nameSchema, onChange)} />);
    const input = screen.getByLabelText(/^Name/);
    expect(screen.getByText('Name of the request.')).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'Team_A' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
    );
    expect(onChange).toHaveBeenLastCalledWith('Team_A');
    fireEvent.change(input, { target: { value: 'team-a-but-longer' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Must be no more than 10 characters',
    );
    fireEvent.change(input, { target: { value: 'team-a' } });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByText('Name of the request.')).toBeInTheDocument();
  });

  it('hands the form numbers for a number field and checks its bounds', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <KratixTextField
        {...props(
          { title: 'agents', type: 'integer', minimum: 0, maximum: 10 },
          onChange,
        )}
      />,
    );
    const input = screen.getByLabelText(/^agents/);
    fireEvent.change(input, { target: { value: '11' } });
    expect(onChange).toHaveBeenLastCalledWith(11);
    expect(screen.getByRole('alert')).toHaveTextContent('Must be at most 10');
    fireEvent.change(input, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('does not repeat a message the form already lists under the field', async () => {
    const { rerender } = await renderInTestApp(
      <KratixTextField {...props(nameSchema)} />,
    );
    fireEvent.change(screen.getByLabelText(/^Name/), {
      target: { value: 'Bad' },
    });
    expect(screen.getByRole('alert')).toBeInTheDocument();
    rerender(
      <KratixTextField
        {...props(nameSchema, jest.fn(), [
          "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
        ])}
      />,
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('gives Next the same words', () => {
    const addError = jest.fn();
    validateKratixTextField('Bad', { addError } as any, { schema: nameSchema });
    validateKratixTextField('good', { addError } as any, {
      schema: nameSchema,
    });
    expect(addError).toHaveBeenCalledTimes(1);
    expect(addError).toHaveBeenCalledWith(
      "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
    );
  });
});
