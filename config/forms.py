"""How every form of the project renders: labels end the Chinese way, "姓名：".

Django's default label suffix is ``_(":")``, and the zh-hans catalogue leaves it an ASCII colon. Rather
than repeat ``label_suffix="："`` in every form (ours, attendance's, Django's auth forms, the admin), the
form renderer (``FORM_RENDERER``) hands every form this bound field.
"""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import CheckboxInput
from django.utils.safestring import SafeString

LABEL_SUFFIX = "："
# A label already ending in one of these gets no colon after it.
_FINAL_PUNCTUATION = "：？！。:?.!"


class ChineseBoundField(BoundField):
    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, str | bool] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        if label_suffix is None:
            chosen = (
                self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
            )
            label_suffix = LABEL_SUFFIX if chosen == ":" else chosen  # ":" is Django's untranslated default
            text = str(contents or self.label or "")
            # A checkbox's label follows the box ("☑ 任队长"), so it introduces nothing.
            if isinstance(self.field.widget, CheckboxInput) or text.endswith(tuple(_FINAL_PUNCTUATION)):
                label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(DjangoTemplates):
    bound_field_class = ChineseBoundField
