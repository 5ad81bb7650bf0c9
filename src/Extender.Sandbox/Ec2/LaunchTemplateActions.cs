using System.Globalization;
using static Extender.Sandbox.Ec2.Ec2Xml;

namespace Extender.Sandbox.Ec2;

/// <summary>CreateLaunchTemplate, DescribeLaunchTemplates, DeleteLaunchTemplate.</summary>
internal sealed class LaunchTemplateActions(SandboxEc2State state)
{
    public string Create(Ec2Form form)
    {
        var name = form.Get("LaunchTemplateName") ?? throw new Ec2ApiException("MissingParameter", "LaunchTemplateName is required");
        var image = form.Get("LaunchTemplateData.ImageId") ?? "";
        var userData = UserData(form.Get("LaunchTemplateData.UserData"));
        SandboxEc2State.LaunchTemplate template;
        lock (state.Gate)
        {
            if (state.LaunchTemplates.ContainsKey(name))
            {
                throw new Ec2ApiException("InvalidLaunchTemplateName.AlreadyExistsException", $"Launch template name already in use: {name}");
            }

            if (image.Length > 0 && state.Images.All(i => i.Id != image))
            {
                throw new Ec2ApiException("InvalidAMIID.NotFound", $"The image id '[{image}]' does not exist");
            }

            template = new SandboxEc2State.LaunchTemplate(state.NewId("lt-"), name, image, state.Options.TimeProvider.GetUtcNow(), form.Tags("launch-template"), userData)
            {
                InstanceProfile = form.Get("LaunchTemplateData.IamInstanceProfile.Name"),
                SecurityGroupIds = [.. form.List("LaunchTemplateData.SecurityGroupId"), .. form.List("LaunchTemplateData.NetworkInterface.1.SecurityGroupId")],
            };
            state.LaunchTemplates[name] = template;
        }

        return Response("CreateLaunchTemplate", E("launchTemplate", Template(template)));
    }

    public string Describe(Ec2Form form)
    {
        var filters = form.Filters();
        var names = form.List("LaunchTemplateName");
        List<SandboxEc2State.LaunchTemplate> templates;
        lock (state.Gate)
        {
            templates = [.. state.LaunchTemplates.Values
                .Where(t => (names.Count == 0 || names.Contains(t.Name)) && Ec2Filters.Match(filters, t.Tags, n => n == "launch-template-name" ? t.Name : null))
                .OrderBy(t => t.Name, StringComparer.Ordinal)];
        }

        if (names.Count > 0 && templates.Count == 0)
        {
            throw new Ec2ApiException("InvalidLaunchTemplateName.NotFoundException", "At least one of the launch templates specified in the request does not exist.");
        }

        var (page, next) = Page(templates, form, 100);
        return Response("DescribeLaunchTemplates", Set("launchTemplates", page.Select(t => (object)E("item", Template(t).ToArray()))), NextToken(next));
    }

    public string Delete(Ec2Form form)
    {
        var name = form.Get("LaunchTemplateName");
        SandboxEc2State.LaunchTemplate? template;
        lock (state.Gate)
        {
            template = state.LaunchTemplates.Values.FirstOrDefault(t => t.Name == name || t.Id == form.Get("LaunchTemplateId"));
            if (template is null)
            {
                throw new Ec2ApiException("InvalidLaunchTemplateName.NotFoundException", $"The specified launch template, with template name {name}, does not exist.");
            }

            state.LaunchTemplates.Remove(template.Name);
        }

        return Response("DeleteLaunchTemplate", E("launchTemplate", Template(template)));
    }

    /// <summary>EC2 takes user data base64-encoded and refuses what does not decode.</summary>
    private static string? UserData(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new Ec2ApiException("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
        }
    }

    private static IEnumerable<object> Template(SandboxEc2State.LaunchTemplate t) =>
    [
        E("launchTemplateId", t.Id),
        E("launchTemplateName", t.Name),
        E("createTime", t.CreateTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
        E("defaultVersionNumber", 1),
        E("latestVersionNumber", 1),
        Tags(t.Tags, "tagSet"),
    ];
}
