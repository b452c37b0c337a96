'use strict';
// Apply an autocomplete filter (kb/admin/filters.py) as soon as a record is chosen or cleared; select2 reports the
// choice through jQuery, so the listener is a jQuery one.
{
    window.addEventListener('load', function() {
        const $ = django.jQuery;
        $(document).on('change', 'select.kb-autocomplete-filter', function() {
            this.form.submit();
        });
    });
}
