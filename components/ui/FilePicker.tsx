import { useState } from 'react';
import { useI18n } from '../i18n';
import { Icon } from './Icon';

interface Props {
  /** The field's name (the native input's accessible name, shown above the button). */
  label: string;
  accept?: string;
  disabled?: boolean;
  onFile(file: File | undefined): void;
  id?: string;
  describedBy?: string;
}

/**
 * A file field as a styled button and the chosen file's name, in the page's language (the browser's own
 * "Choose File / No file chosen" follows the browser's language, not Kizuna's). The native input stays in the
 * page, focusable and labelled, so the keyboard, screen readers and tests use it as usual.
 */
export function FilePicker({ label, accept, disabled = false, onFile, id, describedBy }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  return (
    <div className="ui-field ui-file-field">
      <span className="ui-field-label" aria-hidden="true">
        {label}
      </span>
      <label className="ui-file" data-disabled={disabled}>
        <input
          type="file"
          id={id}
          accept={accept}
          disabled={disabled}
          aria-label={label}
          aria-describedby={describedBy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            setName(file?.name ?? '');
            onFile(file);
          }}
        />
        <span className="ui-button" aria-hidden="true">
          <Icon name="upload" />
          {t('uiChooseFile')}
        </span>
        <span className="ui-file-name" aria-hidden="true" data-testid="file-name">
          {name || t('uiNoFileChosen')}
        </span>
      </label>
    </div>
  );
}
