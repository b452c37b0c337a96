"""Template helpers of the knowledge base's change lists: autocomplete filter scripts, the saved-filter block."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from kb.admin.filters import filter_media
from kb.admin.savedfilters import changelist_params
from kb.selectors.saved_filters import saved_filter_list
from kb.services.saved_filters import saved_filter_querystring_clean

register = template.Library()


@register.filter
def with_filter_media(media, changelist):
    """The page's media plus what its autocomplete filters need, each script once."""
    return (media + filter_media(changelist)) if media is not None else filter_media(changelist)


@register.inclusion_tag("admin/kb/saved_filters.html", takes_context=True)
def saved_filters(context):
    """The user's saved filters for this list (and shared ones), and the form that saves the current selection."""
    request, changelist = context["request"], context["cl"]
    current = saved_filter_querystring_clean(querystring=request.GET.urlencode(), allowed=changelist_params(changelist))
    back = f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path
    items = []
    for saved in saved_filter_list(user=request.user, model_label=changelist.opts.label_lower):
        own = saved.user_id == request.user.pk
        delete_url = reverse("admin:kb_savedfilter_delete", args=[saved.pk]) + "?" + urlencode({"next": back})
        items.append(
            {
                "name": saved.name,
                "url": f"{request.path}?{saved.querystring}",
                "current": saved.querystring == current,
                "shared": saved.shared,
                "owner": None if own else saved.user.get_username(),
                "delete_url": delete_url if own else None,
            }
        )
    return {
        "items": items,
        "save_url": reverse("admin:kb_savedfilter_save"),
        "model_label": changelist.opts.label_lower,
        "querystring": current,
        "csrf_token": context.get("csrf_token"),
    }
