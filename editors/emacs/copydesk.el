;;; copydesk.el --- copydesk's language server through eglot  -*- lexical-binding: t; -*-

;; Load this file, or paste it into your init file. It needs Emacs 29 (eglot built in) or
;; eglot from GNU ELPA, and `copydesk' on the PATH (or its full path below).

(require 'eglot)

(add-to-list 'eglot-server-programs
             ;; The keys of copydesk.toml plus `:debounceMs', sent as initializationOptions.
             ;; A copydesk.toml in the project wins where both set a key.
             '((markdown-mode gfm-mode text-mode)
               . ("copydesk" "lsp"
                  :initializationOptions (:debounceMs 100))))

;; Start copydesk on every Markdown and plain-text story. markdown-mode derives from
;; text-mode, so text-mode-hook runs for both; other text modes (org, ...) are left alone.
(defun copydesk-eglot-ensure ()
  "Start copydesk through eglot in a story buffer."
  (when (memq major-mode '(text-mode markdown-mode gfm-mode))
    (eglot-ensure)))
(add-hook 'text-mode-hook #'copydesk-eglot-ensure)

(provide 'copydesk)
;;; copydesk.el ends here
