import { useRef } from 'react';

interface Props {
  label: string;
  busy: boolean;
  accept: string;
  title: string;
  className?: string;
  testId: string;
  /** The button's text while `busy` (default "Importing…"). */
  busyLabel?: string;
  onFile: (file: File) => void;
}

/** A button that opens the browser's file picker for one file (the input stays hidden; `${testId}-file` names it). */
export function FilePickerButton({ label, busy, accept, title, className = 'button', testId, busyLabel = 'Importing…', onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={busy}
        onClick={() => input.current?.click()}
        title={title}
        data-testid={testId}
      >
        {busy ? busyLabel : label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid={`${testId}-file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // picking the same file again must fire onChange again
          if (file) onFile(file);
        }}
      />
    </>
  );
}
