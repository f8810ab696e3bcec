/**
 * When a session lapses, the page stays as it was (a half-filled form included) and this dialog
 * asks the same person to sign in again; signing out instead forgets the page.
 */
import { useEffect, useRef } from 'react';
import type { Me } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { signOut } from '../session/session';
import { SignInForm } from '../signin/SignInForm';

export function SessionDialog({ me }: { me: Me }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    // Modal: the page behind is inert and the focus stays in the dialog (happy-dom has no showModal).
    if (element && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    return () => element?.close?.();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="session-dialog"
      aria-labelledby="session-dialog-title"
      aria-describedby="session-dialog-intro"
      // Escape would leave the page usable without a token: it does not close this one.
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id="session-dialog-title">{t('session.expiredTitle')}</h2>
      <p id="session-dialog-intro" className="alert alert--warning">
        {t('signin.expired')} {t('session.keptTyping')}
      </p>
      <SignInForm email={me.user.email} idPrefix="resume" />
      <p className="session-dialog__other">
        <button type="button" className="button button--quiet" onClick={() => signOut('user')}>
          {t('session.signOutInstead')}
        </button>
      </p>
    </dialog>
  );
}
